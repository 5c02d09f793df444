package dev.herald.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.herald.core.message.Message;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.message.StatusChange;
import dev.herald.core.provider.StatusReport;
import dev.herald.core.provider.StatusReportSink.Result;
import dev.herald.core.store.Completion;
import dev.herald.core.store.MessageQuery;
import dev.herald.core.store.MessageStore;
import dev.herald.core.store.MessageStore.InsertResult;
import dev.herald.testkit.MessageStoreContract;
import dev.herald.testkit.Messages;
import dev.herald.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store contract on a real PostgreSQL (a fresh schema per test). */
class PostgresMessageStoreTest extends MessageStoreContract {
  private String url;

  @Override
  protected MessageStore openStore() {
    url = TestDatabases.freshPostgresSchemaUrl();
    return JdbcMessageStore.open(new StoreSettings(url, null, null, null, 4));
  }

  @Override
  protected MessageStore reopenStore() {
    return JdbcMessageStore.open(new StoreSettings(url, null, null, null, 4));
  }

  /**
   * A claim and a delivery report change no column an index names, so PostgreSQL writes both as
   * heap-only updates; the outcome (leaving the queue, the provider's id) is the one full update.
   * An index added over a lease column or over the status would make this fail.
   */
  @Test
  void claimsAndDeliveryReportsAreHeapOnlyUpdates() throws Exception {
    Message m = Messages.aMessage().build(clock.instant());
    store.insert("t1", List.of(m), null);
    Message claimed = store.claimDue("node-a", clock.instant(), clock.instant().plusSeconds(60), 10).get(0);
    assertThat(store.complete(List.of(new Completion(m.id(), "node-a", claimed.attempts(), MessageStatus.SENT,
        clock.instant(), null, "simulator", "SM-hot", null, null, null, "accepted by simulator", List.of())))).isEqualTo(1);
    assertThat(store.applyReport(new StatusReport("simulator", "SM-hot", m.id(), MessageStatus.DELIVERED, null, null,
        clock.instant(), "SM-hot:delivered", "delivered", "{}", null, null), clock.instant()).result()).isEqualTo(Result.APPLIED);
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps = c.prepareStatement("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables "
            + "WHERE schemaname = current_schema() AND relname = 'messages'")) {
      // Backends publish their table statistics when idle, within about a second.
      long[] counts = {0, 0};
      for (int i = 0; i < 100 && counts[0] < 3; i++) {
        Thread.sleep(100);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          counts = new long[] {rs.getLong(1), rs.getLong(2)};
        }
      }
      assertThat(counts).containsExactly(3, 2);
    }
  }

  @Test
  void listingFiltersOnTheStatusAsRead() {
    Message first = Messages.aMessage().build(clock.instant());
    Message second = Messages.aMessage().build(clock.instant());
    store.insert("t1", List.of(first, second), null);
    assertThat(store.claimDue("node-a", clock.instant(), clock.instant().plusSeconds(60), 1))
        .extracting(Message::id).containsExactly(first.id());
    assertThat(store.list("t1", new MessageQuery(MessageStatus.SENDING, null, null, null, null, null, 10)).items())
        .extracting(Message::id, Message::status).containsExactly(tuple(first.id(), MessageStatus.SENDING));
    assertThat(store.list("t1", new MessageQuery(MessageStatus.QUEUED, null, null, null, null, null, 10)).items())
        .extracting(Message::id, Message::status).containsExactly(tuple(second.id(), MessageStatus.QUEUED));
  }

  @Test
  void claimsAtInsertAsManyDueMessagesAsAsked() {
    List<Message> due = List.of(Messages.aMessage().build(clock.instant()), Messages.aMessage().build(clock.instant()),
        Messages.aMessage().build(clock.instant()));
    InsertResult.Inserted ins = (InsertResult.Inserted) store.insert("t1", due, null,
        new MessageStore.ClaimAtInsert("node-a", clock.instant(), clock.instant().plusSeconds(60), 2));
    assertThat(ins.claimed()).extracting(Message::id).containsExactly(due.get(0).id(), due.get(1).id());
    assertThat(store.find("t1", due.get(0).id()).orElseThrow().status()).isEqualTo(MessageStatus.SENDING);
    assertThat(store.claimDue("node-b", clock.instant(), clock.instant().plusSeconds(60), 10))
        .extracting(Message::id).containsExactly(due.get(2).id());
    // A claim taken at insert is a lease like any other: when its node dies, the next claim takes
    // it over (here with node-b's claim, leased as long), as the next attempt.
    // A lease is taken over once it ran out 5 s ago (an allowance for clocks of different nodes).
    assertThat(store.claimDue("node-c", clock.instant().plusSeconds(64), clock.instant().plusSeconds(120), 10)).isEmpty();
    assertThat(store.claimDue("node-c", clock.instant().plusSeconds(66), clock.instant().plusSeconds(120), 10))
        .extracting(Message::attempts).containsExactly(2, 2, 2);
    assertThat(store.find("t1", due.get(0).id()).orElseThrow().timeline()).extracting(StatusChange::to)
        .containsExactly(MessageStatus.QUEUED, MessageStatus.SENDING, MessageStatus.QUEUED, MessageStatus.SENDING);
  }

  /**
   * A batch written with COPY ({@code CopyRows}) takes its claims at insert like a small one,
   * leases included: they run out when the claim said, and are then taken over.
   */
  @Test
  void claimsAtInsertInABatchWrittenWithCopy() {
    List<Message> batch = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      batch.add(Messages.aMessage().build(clock.instant()));
    }
    InsertResult.Inserted ins = (InsertResult.Inserted) store.insert("t1", batch, null,
        new MessageStore.ClaimAtInsert("node-a", clock.instant(), clock.instant().plusSeconds(60), 10));
    List<String> claimedAtInsert = ins.claimed().stream().map(Message::id).toList();
    assertThat(claimedAtInsert).hasSize(10);
    Message claimed = store.find("t1", claimedAtInsert.get(0)).orElseThrow();
    assertThat(claimed.status()).isEqualTo(MessageStatus.SENDING);
    assertThat(claimed.attempts()).isEqualTo(1);
    assertThat(claimed.timeline()).extracting(StatusChange::to).containsExactly(MessageStatus.QUEUED, MessageStatus.SENDING);
    assertThat(store.claimDue("node-b", clock.instant(), clock.instant().plusSeconds(120), 1_000)).hasSize(90)
        .extracting(Message::id).doesNotContainAnyElementsOf(claimedAtInsert);
    // The leases taken at insert run out at 60 s and are taken over 5 s later; node-b's at 120 s.
    assertThat(store.claimDue("node-c", clock.instant().plusSeconds(64), clock.instant().plusSeconds(180), 1_000)).isEmpty();
    assertThat(store.claimDue("node-c", clock.instant().plusSeconds(66), clock.instant().plusSeconds(180), 1_000))
        .extracting(Message::id).containsExactlyInAnyOrderElementsOf(claimedAtInsert);
  }

  @Test
  void claimsAtInsertTheHighestPriorityFirst() {
    List<Message> batch = List.of(Messages.aMessage().marketing().build(clock.instant()),
        Messages.aMessage().marketing().build(clock.instant()), Messages.aMessage().build(clock.instant()));
    InsertResult.Inserted ins = (InsertResult.Inserted) store.insert("t1", batch, null,
        new MessageStore.ClaimAtInsert("node-a", clock.instant(), clock.instant().plusSeconds(60), 2));
    assertThat(ins.claimed()).extracting(Message::id).containsExactlyInAnyOrder(batch.get(0).id(), batch.get(2).id());
  }
}
