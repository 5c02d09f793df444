package dev.herald.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.message.Message;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.store.MessageStore;
import dev.herald.core.store.MessageStore.InsertResult;
import dev.herald.testkit.MessageStoreContract;
import dev.herald.testkit.Messages;
import dev.herald.testkit.TestDatabases;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store contract on a real PostgreSQL (a fresh schema per test). */
class PostgresMessageStoreTest extends MessageStoreContract {
  @Override
  protected MessageStore openStore() {
    return JdbcMessageStore.open(new StoreSettings(TestDatabases.freshPostgresSchemaUrl(), null, null, null, 4));
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
    // A claim taken at insert is a lease like any other: when its node dies, the reaper frees it
    // (here with node-b's claim, leased as long).
    assertThat(store.reapExpiredLeases(clock.instant().plusSeconds(61), clock.instant().plusSeconds(61))).isEqualTo(3);
    assertThat(store.find("t1", due.get(0).id()).orElseThrow().status()).isEqualTo(MessageStatus.QUEUED);
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
