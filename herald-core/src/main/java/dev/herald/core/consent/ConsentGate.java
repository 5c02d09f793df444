package dev.herald.core.consent;

import dev.herald.core.dispatch.SendGate;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.store.Completion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The consent ledger as the dispatcher's {@link SendGate}: suppresses what consent forbids, and
 * records an opt-out when a provider refuses a send because the recipient unsubscribed with the
 * provider itself: Twilio error 21610 ("attempt to send to unsubscribed recipient") and WhatsApp
 * Cloud API error 131050 ("user has stopped marketing messages").
 */
public final class ConsentGate implements SendGate {
  /** Provider error codes meaning the recipient opted out. */
  public static final Set<String> OPT_OUT_CODES = Set.of("21610", "131050");

  private final ConsentService consent;

  public ConsentGate(ConsentService consent) {
    this.consent = consent;
  }

  @Override
  public Optional<String> check(Message m) {
    return consent.suppression(m);
  }

  @Override
  public Map<String, String> checkAll(List<Message> messages) {
    return consent.suppressions(messages);
  }

  @Override
  public void attempted(Message m, Completion outcome) {
    if (outcome.status() == MessageStatus.FAILED && OPT_OUT_CODES.contains(outcome.errorCode())) {
      providerOptOut(m, outcome.provider(), outcome.errorCode());
    }
  }

  /** Records that {@code provider} reported {@code m}'s recipient opted out (error {@code code}). */
  public void providerOptOut(Message m, String provider, String code) {
    consent.record(m.tenantId(), m.contactId(), m.channel(), m.to(), ConsentState.OPTED_OUT,
        ConsentSource.PROVIDER_REPORT, m.id(), provider + " error " + code);
  }
}
