package dev.herald.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.provider.SendJournal;
import dev.herald.core.store.MessageStore;
import dev.herald.testkit.MessageStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on an embedded SQLite file. */
class SqliteMessageStoreTest extends MessageStoreContract {
  @TempDir Path dir;

  @Override
  protected MessageStore openStore() {
    return JdbcMessageStore.open(new StoreSettings(null, null, null, dir, 4));
  }

  @Test
  void simulatorJournalLivesBesideTheStoreAndTakesOverAnOlderVersionsEntries() throws Exception {
    store.close();
    // An older version kept the journal in herald.db itself; put an unreported entry there.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("herald.db")); Statement st = c.createStatement()) {
      st.execute("INSERT INTO simulator_sends (provider_message_id, message_id, tenant_id, channel, recipient, node, accepted_at) "
          + "VALUES ('SM-old', 'm-old', 't1', 'sms', '+14155550100', 'n1', 1000)");
    }
    for (String f : new String[] {"simulator.db", "simulator.db-wal", "simulator.db-shm"}) {
      Files.deleteIfExists(dir.resolve(f));
    }
    store = openStore();
    assertThat(dir.resolve("simulator.db")).exists();
    assertThat(store.sendJournal().unreported(10)).extracting(SendJournal.Entry::providerMessageId).containsExactly("SM-old");
    store.sendJournal().record(new SendJournal.Entry("SM-new", "m-new", "t1", "sms", "+14155550101", "n1", Instant.ofEpochMilli(2000)));
    assertThat(store.sendJournal().unreported(10)).hasSize(2);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("herald.db")); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM simulator_sends")) {
      rs.next();
      assertThat(rs.getInt(1)).as("entries left in herald.db").isZero();
    }
  }
}
