/**
 * The {@code smtp} provider: email over SMTP (RFC 5321) through Angus Mail, the Jakarta Mail
 * implementation. A send opens one connection, optionally upgrades it with STARTTLS or speaks
 * implicit TLS from the first byte, authenticates when a username is configured, hands over one
 * MIME message (RFC 2045/2046, {@code multipart/alternative} when both a plain and an HTML body
 * are given) and closes. The server's reply codes decide the outcome: 5xx is permanent, 4xx and
 * anything without a reply code (refused connections, timeouts) is transient. SMTP has no status
 * callbacks, so this provider has no webhook receiver; an accepted message stays {@code sent}.
 */
package dev.herald.provider.smtp;
