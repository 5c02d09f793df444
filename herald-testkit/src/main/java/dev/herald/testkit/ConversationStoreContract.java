package dev.herald.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.conversation.Conversation;
import dev.herald.core.conversation.ConversationStatus;
import dev.herald.core.inbound.InboundStore.Stored;
import dev.herald.core.message.Direction;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageIds;
import dev.herald.core.message.MessageStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What every conversation store and inbound store must do; subclasses open fresh stores. */
public abstract class ConversationStoreContract extends EngagementStoreContract {
  private Conversation fresh(String contact) {
    return new Conversation(MessageIds.next(), "t1", contact, ConversationStatus.ACTIVE, null, List.of(),
        clock.instant().plus(Duration.ofHours(24)), clock.instant(), clock.instant(), null, 0);
  }

  @Test
  void aContactHasOneOpenConversationHoweverManyAreOpened() {
    Conversation first = stores.conversations().openOrGet(fresh("c1"));
    Conversation second = stores.conversations().openOrGet(fresh("c1"));
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(stores.conversations().openOrGet(fresh("c2")).id()).isNotEqualTo(first.id());
  }

  @Test
  void updateWithAStaleVersionChangesNothing() {
    Conversation c = stores.conversations().openOrGet(fresh("c1"));
    Conversation merged = stores.conversations().update(c.withParticipants(List.of("agent-7"), clock.instant())).orElseThrow();
    assertThat(merged.version()).isEqualTo(c.version() + 1);
    assertThat(stores.conversations().update(c.withParticipants(List.of("agent-8"), clock.instant()))).isEmpty();
    assertThat(stores.conversations().find("t1", c.id()).orElseThrow().participants()).containsExactly("agent-7");
  }

  @Test
  void expiredConversationsCloseAndANewOneMayOpen() {
    Conversation c = stores.conversations().openOrGet(fresh("c1"));
    clock.advance(Duration.ofHours(25));
    assertThat(stores.conversations().closeExpired(clock.instant())).isEqualTo(1);
    assertThat(stores.conversations().find("t1", c.id()).orElseThrow().status()).isEqualTo(ConversationStatus.CLOSED);
    assertThat(stores.conversations().findOpen("t1", "c1")).isEmpty();
    assertThat(stores.conversations().openOrGet(fresh("c1")).id()).isNotEqualTo(c.id());
    assertThat(stores.conversations().list("t1", "c1", ConversationStatus.CLOSED, null, 10).items())
        .extracting(Conversation::id).containsExactly(c.id());
  }

  private Message inbound(String providerId, String conversation) {
    return new Message(MessageIds.next(), "t1", dev.herald.core.message.Channel.SMS, Direction.INBOUND, "+15005550006",
        "+14155550100", dev.herald.core.message.Content.text("hi"), dev.herald.core.message.Category.TRANSACTIONAL,
        dev.herald.core.message.Priority.NORMAL, null, null, Map.of(), null, conversation, "c1", MessageStatus.DELIVERED,
        0, 0, clock.instant(), "twilio", providerId, null, null, null, null, clock.instant(), clock.instant(), List.of());
  }

  @Test
  void aRedeliveredInboundMessageIsStoredOnce() {
    Stored first = stores.inbound().insertIfNew(inbound("SM1", "k1"));
    Stored again = stores.inbound().insertIfNew(inbound("SM1", "k1"));
    assertThat(first.created()).isTrue();
    assertThat(again.created()).isFalse();
    assertThat(again.message().id()).isEqualTo(first.message().id());
  }

  @Test
  void threadHoldsTheConversationsMessagesOldestFirst() {
    Message a = stores.inbound().insertIfNew(inbound("SM1", "k1")).message();
    clock.advance(Duration.ofSeconds(1));
    Message b = stores.inbound().insertIfNew(inbound("SM2", "k1")).message();
    stores.inbound().insertIfNew(inbound("SM3", "other"));
    assertThat(stores.conversations().thread("t1", "k1", 100)).extracting(Message::id).containsExactly(a.id(), b.id());
  }

  @Test
  void responderFailureIsRecordedOnTheInboundMessage() {
    Message a = stores.inbound().insertIfNew(inbound("SM1", "k1")).message();
    stores.inbound().recordResponderFailure(a.id(), "responder_unreachable", "connection refused", clock.instant());
    Message stored = stores.inbound().findById(a.id()).orElseThrow();
    assertThat(stored.errorCode()).isEqualTo("responder_unreachable");
    assertThat(stores.inbound().findByProviderId("twilio", "SM1")).map(Message::id).contains(a.id());
  }

  @Test
  void aConversationNoMessageJoinedIsDiscardedAndOneWithAMessageIsKept() {
    Conversation empty = stores.conversations().openOrGet(fresh("c1"));
    Conversation used = stores.conversations().openOrGet(fresh("c2"));
    stores.inbound().insertIfNew(inbound("SM1", used.id()));
    assertThat(stores.conversations().deleteUnused("t2", empty.id())).isFalse();
    assertThat(stores.conversations().deleteUnused("t1", empty.id())).isTrue();
    assertThat(stores.conversations().find("t1", empty.id())).isEmpty();
    assertThat(stores.conversations().deleteUnused("t1", used.id())).isFalse();
    assertThat(stores.conversations().find("t1", used.id())).isPresent();
  }

  private Message outbound(String to, String conversation, dev.herald.core.message.Channel channel) {
    Message m = Messages.aMessage().tenant("t1").channel(channel.wireName()).to(to).build(clock.instant())
        .inConversation(conversation);
    stores.messages().insert("t1", List.of(m), null);
    return m;
  }

  @Test
  void anInboundMessageMarksTheLatestOutboundMessageToItsSenderOnItsChannelInItsConversationAsReplied() {
    Message older = outbound("+14155550100", "k1", dev.herald.core.message.Channel.SMS);
    clock.advance(Duration.ofSeconds(1));
    Message latest = outbound("+14155550100", "k1", dev.herald.core.message.Channel.SMS);
    clock.advance(Duration.ofSeconds(1));
    outbound("+14155550199", "k1", dev.herald.core.message.Channel.SMS);
    outbound("+14155550100", "other", dev.herald.core.message.Channel.SMS);
    outbound("+14155550100", "k1", dev.herald.core.message.Channel.WHATSAPP);
    clock.advance(Duration.ofSeconds(1));
    Message reply = stores.inbound().insertIfNew(inbound("SM9", "k1")).message();

    assertThat(stores.inbound().markReplied(reply, clock.instant())).contains(latest.id());

    var events = stores.messages().events(latest.id());
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.eventType()).isEqualTo("replied");
      assertThat(e.outcome()).isEqualTo("applied");
      assertThat(e.payload()).contains(reply.id());
    });
    Message marked = stores.messages().find("t1", latest.id()).orElseThrow();
    assertThat(marked.status()).isEqualTo(MessageStatus.QUEUED);
    assertThat(marked.timeline()).last().satisfies(c -> {
      assertThat(c.from()).isEqualTo(MessageStatus.QUEUED);
      assertThat(c.to()).isEqualTo(MessageStatus.QUEUED);
      assertThat(c.reason()).contains("replied").contains(reply.id());
    });
    assertThat(stores.messages().events(older.id())).isEmpty();
    assertThat(stores.inbound().markReplied(inbound("SM10", "nothing-sent-here"), clock.instant())).isEmpty();
  }
}
