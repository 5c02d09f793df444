package dev.herald.core.responder;

import dev.herald.core.contact.Contact;
import dev.herald.core.conversation.Conversation;
import dev.herald.core.conversation.ConversationService;
import dev.herald.core.error.HeraldException;
import dev.herald.core.inbound.InboundStore;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageRequest;
import dev.herald.core.message.MessageService;
import dev.herald.core.responder.ResponderResult.Failure;
import dev.herald.core.responder.ResponderResult.NoReply;
import dev.herald.core.responder.ResponderResult.Reply;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the responder for stored inbound messages, each on its own virtual thread so the provider's
 * webhook is answered at once. A reply is accepted like any outbound message (durable, retried,
 * recorded) on the inbound channel, from the number that received it, in the same conversation;
 * a failure is recorded on the inbound message and logged.
 */
public final class ResponderRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ResponderRunner.class);

  private final Responder responder;
  private final ConversationService conversations;
  private final MessageService messages;
  private final InboundStore inbound;
  private final Clock clock;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  public ResponderRunner(Responder responder, ConversationService conversations, MessageService messages,
      InboundStore inbound, Clock clock) {
    this.responder = responder;
    this.conversations = conversations;
    this.messages = messages;
    this.inbound = inbound;
    this.clock = clock;
  }

  /** Answers {@code m} later, on another thread. */
  public void answerLater(Message m, Contact contact, Conversation conversation) {
    executor.execute(() -> answer(m, contact, conversation));
  }

  private void answer(Message m, Contact contact, Conversation conversation) {
    ResponderResult result;
    try {
      Conversation current = conversations.get(m.tenantId(), conversation.id());
      result = responder.respond(new ResponderRequest(m, contact, current, conversations.thread(m.tenantId(), current.id())));
    } catch (RuntimeException e) {
      result = new Failure("responder_error", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    switch (result) {
      case Reply r -> send(m, r.text());
      case NoReply n -> LOG.debug("responder had nothing to say to {}", m.id());
      case Failure f -> fail(m, f);
    }
  }

  private void send(Message m, String text) {
    MessageRequest reply = new MessageRequest(m.channel().wireName(), m.from(), m.to(), text, null, null,
        "transactional", "high", null, null, Map.of("in_reply_to", m.id(), "responder", responder.name()),
        m.contactId(), m.conversationId(), null);
    try {
      messages.accept(m.tenantId(), List.of(reply), null, false);
    } catch (HeraldException e) {
      fail(m, new Failure("responder_reply_refused", e.getMessage()));
    }
  }

  private void fail(Message m, Failure f) {
    LOG.warn("responder {} could not answer inbound message {}: {} {}", responder.name(), m.id(), f.code(), f.reason());
    inbound.recordResponderFailure(m.id(), f.code(), f.reason(), clock.instant());
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
