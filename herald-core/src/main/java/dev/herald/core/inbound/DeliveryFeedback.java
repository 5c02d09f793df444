package dev.herald.core.inbound;

import dev.herald.core.consent.ConsentGate;
import dev.herald.core.contact.ContactService;
import dev.herald.core.event.MessageStatusChanged;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageStatus;
import java.util.Optional;

/**
 * Reacts to providers' status reports: a delivered or read message marks its contact active on its
 * channel; a failure whose error code means "recipient opted out" (Twilio 21610, WhatsApp 131050)
 * opts the address out in the consent ledger.
 */
public final class DeliveryFeedback {
  private final InboundStore messages;
  private final ContactService contacts;
  private final ConsentGate consent;

  public DeliveryFeedback(InboundStore messages, ContactService contacts, ConsentGate consent) {
    this.messages = messages;
    this.contacts = contacts;
    this.consent = consent;
  }

  /** Subscriber of {@link MessageStatusChanged}. */
  public void on(MessageStatusChanged e) {
    boolean active = e.status() == MessageStatus.DELIVERED || e.status() == MessageStatus.READ;
    boolean optOut = e.status() == MessageStatus.FAILED && ConsentGate.OPT_OUT_CODES.contains(e.errorCode());
    if (!active && !optOut) {
      return;
    }
    // The announcer usually hands over the message it just moved: no read per delivery report.
    Optional<Message> found = e.message() != null ? Optional.of(e.message())
        : e.messageId() != null ? messages.findById(e.messageId())
        : messages.findByProviderId(e.provider(), e.providerMessageId());
    found.ifPresent(m -> {
      if (active && m.contactId() != null) {
        contacts.touch(m.tenantId(), m.contactId(), m.channel());
      }
      if (optOut) {
        consent.providerOptOut(m, e.provider(), e.errorCode());
      }
    });
  }
}
