package dev.herald.core.consent;

import java.util.Locale;

/** What caused a consent change. */
public enum ConsentSource {
  /** An SMS keyword (STOP, START...) from the contact. */
  KEYWORD,
  /** A caller of the API. */
  API,
  /** A provider reported the recipient unsubscribed (Twilio 21610, WhatsApp 131050). */
  PROVIDER_REPORT,
  /** The contact followed an email's one-click unsubscribe link (RFC 8058). */
  UNSUBSCRIBE_LINK;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
