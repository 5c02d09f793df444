package dev.herald.core.inbound;

import dev.herald.core.consent.SmsKeyword;
import dev.herald.core.contact.Contact;
import dev.herald.core.contact.ContactService;
import dev.herald.core.conversation.Conversation;
import dev.herald.core.conversation.ConversationService;
import dev.herald.core.error.ValidationException;
import dev.herald.core.event.EventBus;
import dev.herald.core.event.InboundMessageReceived;
import dev.herald.core.message.Addresses;
import dev.herald.core.message.Category;
import dev.herald.core.message.Channel;
import dev.herald.core.message.Content;
import dev.herald.core.message.Direction;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageIds;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.message.Priority;
import dev.herald.core.provider.InboundMessage;
import dev.herald.core.responder.ResponderRunner;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a verified {@link InboundMessage} into a stored inbound message: finds or creates the
 * sender's contact (teaching it the address and channel the message proves), joins (or opens) their
 * conversation, stores the message once (a redelivered webhook finds it stored and does nothing
 * more), marks the outbound message it answers as replied, records the contact's activity, acts on SMS
 * keywords, announces {@link InboundMessageReceived}, and hands other messages to the responder.
 * Everything slow happens after the message is stored, and the responder on its own thread, so
 * the provider is answered well within its time limit (Twilio: 15 s).
 */
public final class InboundProcessor {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InboundProcessor.class);

  private final InboundSettings settings;
  private final Addresses addresses;
  private final ContactService contacts;
  private final ConversationService conversations;
  private final InboundStore store;
  private final KeywordAction keywords;
  private final EventBus events;
  private final Optional<ResponderRunner> responder;
  private final Clock clock;

  public InboundProcessor(InboundSettings settings, Addresses addresses, ContactService contacts,
      ConversationService conversations, InboundStore store, dev.herald.core.consent.ConsentService consent,
      dev.herald.core.message.MessageService messages, EventBus events, Optional<ResponderRunner> responder, Clock clock) {
    this.settings = settings;
    this.addresses = addresses;
    this.contacts = contacts;
    this.conversations = conversations;
    this.store = store;
    this.keywords = new KeywordAction(consent, messages);
    this.events = events;
    this.responder = responder;
    this.clock = clock;
  }

  /** Processes one inbound message; returns the stored message (the earlier one for a redelivery). */
  public Message process(InboundMessage in) {
    String tenant = settings.tenantId();
    String from = normalised(in.channel(), in.from());
    Contact contact = contacts.resolveInbound(tenant, in.channel(), from);
    Conversation conversation = conversations.open(tenant, contact.id()).conversation();
    InboundStore.Stored stored = store.insertIfNew(message(in, tenant, from, contact, conversation));
    if (!stored.created()) {
      return stored.message();
    }
    Message m = stored.message();
    // Consent first: a redelivered webhook finds the message stored and does nothing more, so what
    // follows the insert must not fail before the keyword is recorded. The rest is best-effort.
    Optional<SmsKeyword> keyword = in.channel() == Channel.SMS ? SmsKeyword.of(in.text()) : Optional.empty();
    keyword.ifPresent(k -> keywords.apply(m, k));
    bestEffort("mark the message it answers as replied", m, () -> store.markReplied(m, m.createdAt()));
    bestEffort("record the contact's activity", m, () -> contacts.touch(tenant, contact.id(), in.channel()));
    events.publish(new InboundMessageReceived(m, keyword.map(k -> SmsKeyword.normalise(in.text())).orElse(null)));
    if (keyword.isEmpty()) {
      responder.ifPresent(r -> r.answerLater(m, contact, conversation));
    }
    return m;
  }

  private static void bestEffort(String what, Message m, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      LOG.warn("inbound message {}: could not {}: {}", m.id(), what, e.toString());
    }
  }

  private Message message(InboundMessage in, String tenant, String from, Contact contact, Conversation conversation) {
    Instant now = clock.instant();
    Map<String, String> metadata = in.mediaUrls().isEmpty() ? Map.of() : Map.of("media_urls", String.join(" ", in.mediaUrls()));
    return new Message(MessageIds.next(), tenant, in.channel(), Direction.INBOUND, in.to() == null ? "" : in.to(), from,
        Content.text(in.text()), Category.TRANSACTIONAL, Priority.NORMAL, null, null, metadata, null, conversation.id(),
        contact.id(), MessageStatus.DELIVERED, 0, 0, now, in.provider(), in.providerMessageId(), null, null, null, null,
        now, now, List.of());
  }

  private String normalised(Channel channel, String address) {
    try {
      return addresses.normalise(channel, address, "from");
    } catch (ValidationException e) {
      return address.trim();
    }
  }
}
