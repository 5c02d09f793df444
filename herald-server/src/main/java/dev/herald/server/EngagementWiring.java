package dev.herald.server;

import dev.herald.core.consent.ConsentGate;
import dev.herald.core.consent.ConsentService;
import dev.herald.core.consent.UnsubscribeHeaders;
import dev.herald.core.consent.UnsubscribeLinks;
import dev.herald.core.contact.ContactRecipients;
import dev.herald.core.contact.ContactService;
import dev.herald.core.conversation.ConversationExpiry;
import dev.herald.core.conversation.ConversationService;
import dev.herald.core.event.EventBus;
import dev.herald.core.event.MessageStatusChanged;
import dev.herald.core.inbound.DeliveryFeedback;
import dev.herald.core.inbound.InboundProcessor;
import dev.herald.core.inbound.InboundSettings;
import dev.herald.core.json.JsonLimits;
import dev.herald.core.message.Addresses;
import dev.herald.core.message.MessageService;
import dev.herald.core.provider.StatusReportSink;
import dev.herald.core.responder.OpenAiChatResponder;
import dev.herald.core.responder.ResponderRunner;
import dev.herald.server.api.Engagement;
import dev.herald.server.config.EngagementConfig;
import dev.herald.store.jdbc.JdbcConsentStore;
import dev.herald.store.jdbc.JdbcContactStore;
import dev.herald.store.jdbc.JdbcConversationStore;
import dev.herald.store.jdbc.JdbcInboundStore;
import dev.herald.store.jdbc.JdbcMessageStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Wires contacts, consent, conversations, inbound processing and the responder onto a node's store,
 * message service and event bus: accept-time contact resolution and unsubscribe links, the consent
 * gate for the dispatcher, and the reactions to status reports.
 */
final class EngagementWiring {
  private final ContactService contacts;
  private final ConversationService conversations;
  private final ConsentService consent;
  private final ConsentGate gate;
  private final UnsubscribeLinks links;
  private final InboundProcessor inbound;
  private final Optional<ResponderRunner> responder;
  private final ConversationExpiry expiry;
  private final Addresses addresses;

  /** @param observe wraps the conversation store (to record its changes on the live event stream) */
  EngagementWiring(EngagementConfig config, JdbcMessageStore store, MessageService messages, EventBus events,
      Addresses addresses, String publicBaseUrl, JsonLimits contextLimits, Clock clock,
      java.util.function.UnaryOperator<dev.herald.core.conversation.ConversationStore> observe) {
    this.addresses = addresses;
    JdbcContactStore contactStore = JdbcContactStore.on(store);
    JdbcConsentStore consentStore = JdbcConsentStore.on(store);
    JdbcInboundStore inboundStore = JdbcInboundStore.on(store);
    this.contacts = new ContactService(contactStore, addresses, clock);
    this.conversations = new ConversationService(observe.apply(JdbcConversationStore.on(store)), clock,
        config.conversationTtl(), contextLimits);
    this.consent = new ConsentService(consentStore, events, config.consent(), clock);
    this.gate = new ConsentGate(consent);
    byte[] candidate = new byte[32];
    new SecureRandom().nextBytes(candidate);
    this.links = new UnsubscribeLinks(consentStore.secret("unsubscribe_links", HexFormat.of().formatHex(candidate)), publicBaseUrl);
    messages.resolveRecipientsWith(new UnsubscribeHeaders(new ContactRecipients(contactStore, conversations, addresses), links, addresses));
    DeliveryFeedback feedback = new DeliveryFeedback(inboundStore, contacts, gate);
    events.subscribe(MessageStatusChanged.class, feedback::on);
    this.responder = config.responder().map(s -> new ResponderRunner(new OpenAiChatResponder(s), conversations, messages,
        inboundStore, clock));
    this.inbound = new InboundProcessor(new InboundSettings(config.inboundTenant()), addresses, contacts, conversations,
        inboundStore, consent, messages, events, responder, clock);
    this.expiry = new ConversationExpiry(conversations, config.conversationSweep());
  }

  ConsentGate gate() {
    return gate;
  }

  ConversationExpiry expiry() {
    return expiry;
  }

  Optional<ResponderRunner> responder() {
    return responder;
  }

  Engagement engagement(StatusReportSink reports) {
    return new Engagement(contacts, conversations, consent, inbound, links, addresses, reports);
  }
}
