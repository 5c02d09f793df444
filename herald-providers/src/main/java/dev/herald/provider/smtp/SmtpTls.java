package dev.herald.provider.smtp;

import dev.herald.core.error.ConfigurationException;
import java.util.Locale;

/**
 * How the connection to the SMTP server is protected ({@code smtp.tls}).
 *
 * <ul>
 *   <li>{@link #NONE}: plain text; only for a relay on a trusted network or a test server.
 *   <li>{@link #STARTTLS}: connect in plain text, then upgrade with {@code STARTTLS} (RFC 3207); the
 *       upgrade is required, so a server that does not offer it fails the send instead of
 *       receiving the password and the message unencrypted. Usually port 587.
 *   <li>{@link #TLS}: implicit TLS from the first byte ("SMTPS", RFC 8314 §3.3). Usually port 465.
 * </ul>
 */
public enum SmtpTls {
  NONE,
  STARTTLS,
  TLS;

  /** @throws ConfigurationException naming {@code key} when {@code value} is not a mode */
  static SmtpTls parse(String value, String key) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "none" -> NONE;
      case "starttls" -> STARTTLS;
      case "tls", "smtps", "ssl" -> TLS;
      default -> throw new ConfigurationException(key,
          "'" + value + "' is not a TLS mode; expected none, starttls or tls");
    };
  }
}
