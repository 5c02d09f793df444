package dev.herald.core.consent;

import dev.herald.core.event.ConsentChanged;
import dev.herald.core.event.EventBus;
import dev.herald.core.message.Category;
import dev.herald.core.message.Channel;
import dev.herald.core.message.Direction;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageIds;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Records consent changes in the ledger (announcing each on the event bus) and decides whether a
 * message may go: an opted-out address gets nothing; marketing also needs consent not withdrawn
 * and, when configured, an explicit opt-in; transactional messages go unless opted out.
 */
public final class ConsentService {
  /**
   * Metadata key of the confirmation Herald sends after a keyword: it names the inbound message that
   * changed consent, which is what lets the "you are unsubscribed" reply through to an opted-out
   * address (carriers require that one confirmation).
   */
  public static final String KEYWORD_REPLY_TO = "keyword_reply_to";

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
    if (m.direction() == Direction.INBOUND || m.channel() == Channel.WEBHOOK) {
      return Optional.empty();
    }
    Optional<ConsentRecord> current = store.latest(m.tenantId(), m.channel(), m.to());
    if (current.isPresent() && current.get().state() == ConsentState.OPTED_OUT) {
      ConsentRecord r = current.get();
      if (r.messageId() != null && r.messageId().equals(m.metadata().get(KEYWORD_REPLY_TO))) {
        return Optional.empty();
      }
      return Optional.of(m.to() + " opted out of " + m.channel().wireName() + " at " + r.at() + " ("
          + r.source().wireName() + (r.detail() == null ? "" : ": " + r.detail()) + ")");
    }
    boolean optedIn = current.isPresent() && current.get().state() == ConsentState.OPTED_IN;
    if (m.category() == Category.MARKETING && settings.marketingRequiresOptIn() && !optedIn) {
      return Optional.of("marketing on " + m.channel().wireName() + " needs an explicit opt-in from " + m.to());
    }
    return Optional.empty();
  }
}
