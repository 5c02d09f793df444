package dev.herald.provider.simulator;

import java.util.Locale;

/**
 * Recipients that make the simulator misbehave on purpose, in the style of Twilio's test numbers.
 * Phone numbers and email addresses (at any domain, matched on the local part) and webhook URLs
 * (matched on the path's last segment).
 */
enum MagicRecipients {
  /** {@code +15005550001} / {@code invalid@…}: permanent failure (invalid number). */
  PERMANENT_FAILURE("+15005550001", "invalid"),
  /** {@code +15005550002} / {@code unavailable@…}: transient failure on every attempt. */
  ALWAYS_TRANSIENT("+15005550002", "unavailable"),
  /** {@code +15005550010} / {@code undeliverable@…}: accepted, then reported undelivered. */
  UNDELIVERED("+15005550010", "undeliverable"),
  /** Anything else: accepted, then reported delivered. */
  DELIVERED("", "");

  private final String phone;
  private final String name;

  MagicRecipients(String phone, String name) {
    this.phone = phone;
    this.name = name;
  }

  static MagicRecipients of(String recipient) {
    String r = recipient.toLowerCase(Locale.ROOT);
    String local = r.contains("@") ? r.substring(0, r.indexOf('@'))
        : r.startsWith("http") ? r.substring(r.lastIndexOf('/') + 1) : r;
    for (MagicRecipients m : values()) {
      if (m != DELIVERED && (r.equals(m.phone) || local.equals(m.name))) {
        return m;
      }
    }
    return DELIVERED;
  }
}
