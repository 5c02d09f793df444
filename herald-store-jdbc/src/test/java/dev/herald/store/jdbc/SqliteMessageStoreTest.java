package dev.herald.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static dev.herald.testkit.Messages.aMessage;

import dev.herald.core.message.Message;
import dev.herald.core.provider.SendJournal;
import dev.herald.core.store.MessageStore;
import dev.herald.core.store.MessageStore.IdempotencyClaim;
import dev.herald.core.store.MessageStore.InsertResult;
import dev.herald.testkit.MessageStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on an embedded SQLite file. */
class SqliteMessageStoreTest extends MessageStoreContract {
  @TempDir Path dir;

  @Override
  protected MessageStore openStore() {
    return JdbcMessageStore.open(new StoreSettings(null, null, null, dir, 4));
  }

  @Override
  protected MessageStore reopenStore() {
    return openStore();
  }

  /**
   * A slot of the in-flight log names a row by rowid: a row that now holds another message (a
   * rebuilt table, a vacuum) is not held, and its slot is freed.
   */
  @Test
  void aClaimLeftInFlightIsNotHeldWhenItsRowNowHoldsAnotherMessage() throws Exception {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    Message m = aMessage().build(now);
    store.insert("t1", List.of(m), null);
    assertThat(store.claimDue("node-a", now, now.plusSeconds(60), 10)).hasSize(1);
    store.close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("herald.db")); Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE messages SET id = 'another-message' WHERE id = '" + m.id() + "'");
    }
    store = openStore();
    assertThat(store.claimDue("node-b", now, now.plusSeconds(60), 10)).extracting(Message::id).containsExactly("another-message");
    store.close();
    try (InFlightLog log = InFlightLog.open(dir.resolve("inflight.leases"))) {
      assertThat(log.left()).as("slots in use: the new claim's only").hasSize(1);
    }
    store = openStore();
  }

  /** Slots found in use stay in use until taken over or freed, so a crash during a restart loses none. */
  @Test
  void theInFlightLogKeepsItsEntriesUntilTheyAreFreed() {
    store.close();
    Path file = dir.resolve("test.leases");
    try (InFlightLog log = InFlightLog.open(file)) {
      assertThat(log.left()).isEmpty();
      assertThat(log.record("node-a", 7, "m-7", 2, 1_000, 61_000)).isZero();
      assertThat(log.record("node-a", 8, "m-8", 1, 1_000, 61_000)).isEqualTo(1);
      log.clear(0);
    }
    try (InFlightLog log = InFlightLog.open(file)) {
      assertThat(log.leftBy()).isEqualTo("node-a");
      assertThat(log.left()).containsExactly(new InFlightLog.Entry(1, 8, 1, "m-8".hashCode(), 1_000, 61_000));
      assertThat(log.record("node-b", 9, "m-9", 1, 2_000, 62_000)).as("the free slot, not the one left in use").isZero();
    }
    try (InFlightLog log = InFlightLog.open(file)) {
      assertThat(log.left()).extracting(InFlightLog.Entry::rowid).containsExactlyInAnyOrder(8L, 9L);
      log.left().forEach(e -> log.clear(e.slot()));
    }
    try (InFlightLog log = InFlightLog.open(file)) {
      assertThat(log.left()).isEmpty();
    }
    store = openStore();
  }

  @Test
  void aSecondStoreOnTheSameFilesIsRefusedWhileTheFirstIsOpen() {
    assertThatThrownBy(this::openStore).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already open in another process");
    store.close();
    store = openStore();
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

  /**
   * Batch requests queued while the file is locked are handed to the writer as one group once it is
   * free: of two in that group with one idempotency key, the first inserts and the second replays its
   * messages. (Should the group's transaction fail, each request is written again alone, with the
   * same results, so this checks what callers see, not that the group committed as one.)
   */
  @Test
  void batchRequestsQueuedTogetherShareATransactionAndKeepTheirIdempotency() throws Exception {
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    List<Message> first = List.of(aMessage().build(at), aMessage().build(at));
    List<Message> second = List.of(aMessage().build(at), aMessage().build(at));
    List<Message> other = List.of(aMessage().build(at), aMessage().build(at));
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("herald.db"));
        Statement st = lock.createStatement()) {
      st.execute("BEGIN IMMEDIATE"); // the store's writer waits for this lock (busy timeout)
      Future<InsertResult> blocked = callers.submit(() -> store.insert("t1", other, new IdempotencyClaim("other", "h-o")));
      Thread.sleep(300); // the writer took it and waits; the next two queue behind it
      Future<InsertResult> a = callers.submit(() -> store.insert("t1", first, new IdempotencyClaim("same", "h-s")));
      Thread.sleep(100);
      Future<InsertResult> b = callers.submit(() -> store.insert("t1", second, new IdempotencyClaim("same", "h-s")));
      Thread.sleep(300);
      st.execute("ROLLBACK");
      assertThat(blocked.get(30, TimeUnit.SECONDS)).isInstanceOf(InsertResult.Inserted.class);
      assertThat(a.get(30, TimeUnit.SECONDS)).isInstanceOf(InsertResult.Inserted.class);
      assertThat(b.get(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(InsertResult.Replayed.class,
          r -> assertThat(r.messages()).extracting(Message::id).containsExactly(first.get(0).id(), first.get(1).id()));
    } finally {
      callers.shutdownNow();
    }
    assertThat(store.find("t1", second.get(0).id())).isEmpty();
  }

  /** A caller that gives up while its request still waits in the queue leaves nothing behind. */
  @Test
  void aRequestGivenUpWhileQueuedIsNeverWritten() throws Exception {
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    List<Message> kept = List.of(aMessage().build(at), aMessage().build(at));
    List<Message> givenUp = List.of(aMessage().build(at), aMessage().build(at));
    ExecutorService callers = Executors.newFixedThreadPool(2);
    try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("herald.db"));
        Statement st = lock.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
      Future<InsertResult> first = callers.submit(() -> store.insert("t1", kept, null));
      Thread.sleep(300); // the writer took it and waits for the lock
      Future<InsertResult> second = callers.submit(() -> store.insert("t1", givenUp, null));
      Thread.sleep(300);
      second.cancel(true); // interrupts the caller waiting for its commit
      Thread.sleep(100);
      st.execute("ROLLBACK");
      assertThat(first.get(30, TimeUnit.SECONDS)).isInstanceOf(InsertResult.Inserted.class);
    } finally {
      callers.shutdown();
      assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    Thread.sleep(300); // a writer that had kept it would have committed it by now
    assertThat(store.find("t1", kept.get(0).id())).isPresent();
    assertThat(store.find("t1", givenUp.get(0).id())).isEmpty();
  }

  @Test
  void writerCheckpointsItsWalLessOftenThanSqlitesDefault() {
    try (Database db = new Database(new StoreSettings(null, null, null, dir, 4))) {
      int pages = db.write(c -> Sql.one(c, "PRAGMA wal_autocheckpoint", rs -> rs.getInt(1)).orElseThrow());
      assertThat(pages).isEqualTo(Database.WAL_AUTOCHECKPOINT_PAGES).isGreaterThan(1_000);
    }
  }
}
