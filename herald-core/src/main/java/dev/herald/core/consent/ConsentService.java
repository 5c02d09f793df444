package dev.herald.core.consent;

import dev.herald.core.event.ConsentChanged;
import dev.herald.core.event.EventBus;
import dev.herald.core.message.Category;
import dev.herald.core.message.Channel;
import dev.herald.core.message.Direction;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageIds;
import dev.herald.core.message.MessageRequest;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Records consent changes in the ledger (announcing each on the event bus) and decides whether a
 * message may go: an opted-out address gets nothing; marketing also needs consent not withdrawn
 * and, when configured, an explicit opt-in; transactional messages go unless opted out.
 */
public final class ConsentService {
  /** Metadata key naming the inbound keyword message a reply answers ({@link MessageRequest#KEYWORD_REPLY_TO}). */
  public static final String KEYWORD_REPLY_TO = MessageRequest.KEYWORD_REPLY_TO;

  private final ConsentStore store;
  private final EventBus events;
  private final ConsentSettings settings;
  private final Clock clock;

  public ConsentService(ConsentStore store, EventBus events, ConsentSettings settings, Clock clock) {
    this.store = store;
    this.events = events;
    this.settings = settings;
    this.clock = clock;
  }

  public ConsentSettings settings() {
    return settings;
  }

  /** Appends a ledger entry and announces it. */
  public ConsentRecord record(String tenantId, String contactId, Channel channel, String address, ConsentState state,
      ConsentSource source, String messageId, String detail) {
    ConsentRecord r = new ConsentRecord(MessageIds.next(), tenantId, contactId, channel, address, state, source,
        messageId, detail, clock.instant());
    store.append(r);
    events.publish(new ConsentChanged(r));
    return r;
  }

  public Optional<ConsentRecord> current(String tenantId, Channel channel, String address) {
    return store.latest(tenantId, channel, address);
  }

  public List<ConsentRecord> history(String tenantId, String contactId) {
    return store.history(tenantId, contactId);
  }

  /** Why {@code m} must not be sent, or empty when it may go. */
  public Optional<String> suppression(Message m) {
    return Optional.ofNullable(suppressions(List.of(m)).get(m.id()));
  }

  /**
   * Why each of {@code messages} that must not be sent must not, by message id; the messages that
   * may go are absent. One ledger query for the whole list.
   */
  public Map<String, String> suppressions(List<Message> messages) {
    List<Message> gated = messages.stream()
        .filter(m -> m.direction() != Direction.INBOUND && m.channel() != Channel.WEBHOOK).toList();
    if (gated.isEmpty()) {
      return Map.of();
    }
    Map<ConsentStore.Address, ConsentRecord> current = store.latest(gated.stream().map(ConsentService::address).toList());
    Map<String, String> out = new HashMap<>();
    for (Message m : gated) {
      String why = suppression(m, current.get(address(m)));
      if (why != null) {
        out.put(m.id(), why);
      }
    }
    return out;
  }

  /**
   * The two answers carriers require even for an opted-out number (CTIA Messaging Principles;
   * Twilio's and Vonage's compliance guides): the confirmation of the opt-out itself (its reply
   * names the inbound message the ledger recorded), and the answer to HELP. Only Herald writes the
   * reply keys ({@link MessageRequest#RESERVED_METADATA}).
   */
  private static boolean isCarrierRequiredReply(Message m, ConsentRecord optOut) {
    String answers = m.metadata().get(KEYWORD_REPLY_TO);
    if (answers == null) {
      return false;
    }
    return answers.equals(optOut.messageId())
        || SmsKeyword.HELP.name().equalsIgnoreCase(m.metadata().get(MessageRequest.KEYWORD_REPLY));
  }

  private static ConsentStore.Address address(Message m) {
    return new ConsentStore.Address(m.tenantId(), m.channel(), m.to());
  }

  private String suppression(Message m, ConsentRecord current) {
    if (current != null && current.state() == ConsentState.OPTED_OUT) {
      if (isCarrierRequiredReply(m, current)) {
        return null;
      }
      return m.to() + " opted out of " + m.channel().wireName() + " at " + current.at() + " ("
          + current.source().wireName() + (current.detail() == null ? "" : ": " + current.detail()) + ")";
    }
    boolean optedIn = current != null && current.state() == ConsentState.OPTED_IN;
    if (m.category() == Category.MARKETING && settings.marketingRequiresOptIn() && !optedIn) {
      return "marketing on " + m.channel().wireName() + " needs an explicit opt-in from " + m.to();
    }
    return null;
  }
}
