package dev.herald.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.consent.ConsentRecord;
import dev.herald.core.consent.ConsentSource;
import dev.herald.core.consent.ConsentState;
import dev.herald.core.message.Channel;
import dev.herald.core.message.MessageIds;
import dev.herald.testkit.ContactStoreContract;
import dev.herald.testkit.EngagementStores;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contact store contract on an embedded SQLite file. */
class SqliteContactStoreTest extends ContactStoreContract {
  @TempDir Path dir;

  @Override
  protected EngagementStores openStores() {
    return JdbcEngagementStores.open(new StoreSettings(null, null, null, dir, 4));
  }

  /**
   * The embedded store skips the consent look-up for a tenant and channel without records: a
   * record written through any ledger on the store, before or after the other's first look-up,
   * and one found in the file after a restart, is never skipped.
   */
  @Test
  void aConsentRecordIsFoundThroughEveryLedgerOnTheStoreAndAfterARestart() {
    JdbcMessageStore store = JdbcMessageStore.open(new StoreSettings(null, null, null, dir.resolve("skip"), 4));
    JdbcConsentStore writer = JdbcConsentStore.on(store);
    JdbcConsentStore reader = JdbcConsentStore.on(store);
    assertThat(reader.latest("t1", Channel.SMS, "+14155550100")).isEmpty();
    ConsentRecord stop = new ConsentRecord(MessageIds.next(), "t1", null, Channel.SMS, "+14155550100",
        ConsentState.OPTED_OUT, ConsentSource.KEYWORD, null, "STOP", Instant.parse("2026-01-01T00:00:00Z"));
    writer.append(stop);
    assertThat(reader.latest("t1", Channel.SMS, "+14155550100")).contains(stop);
    assertThat(reader.latest("t1", Channel.EMAIL, "+14155550100")).isEmpty();
    assertThat(reader.latest("t2", Channel.SMS, "+14155550100")).isEmpty();
    store.close();
    store = JdbcMessageStore.open(new StoreSettings(null, null, null, dir.resolve("skip"), 4));
    try {
      assertThat(JdbcConsentStore.on(store).latest("t1", Channel.SMS, "+14155550100")).contains(stop);
    } finally {
      store.close();
    }
  }
}
