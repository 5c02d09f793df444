package dev.herald.provider.smtp;

import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.DeliveryOutcome.PermanentFailure;
import dev.herald.core.provider.DeliveryOutcome.TransientFailure;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Sorts SMTP failures into permanent and transient ones, by the server's reply code where there is
 * one (RFC 5321 §4.2.1: 5yz is a permanent negative completion reply, 4yz a transient one).
 *
 * <ul>
 *   <li>A rejected recipient, sender or message body (Angus Mail's {@code SMTPAddressFailedException},
 *       {@code SMTPSenderFailedException}, {@code SMTPSendFailedException}, found anywhere in the
 *       exception chain): 5xx is permanent, 4xx transient; the code is the reply code, e.g.
 *       {@code 550}.
 *   <li>Rejected credentials ({@code AuthenticationFailedException}): permanent ({@code auth_failed}),
 *       except RFC 4954's {@code 454} temporary authentication failure, which is transient.
 *   <li>An address that does not parse: permanent ({@code invalid_address}).
 *   <li>Everything else without a reply code (connection refused, timeouts, a dropped connection,
 *       a TLS handshake failure): transient ({@code smtp_unavailable}).
 * </ul>
 * Not an HTTP provider: {@code httpStatus} is always 0.
 */
final class SmtpFailures {
  private static final int MAX_CHAIN = 16;

  private SmtpFailures() {}

  static DeliveryOutcome classify(MessagingException e) {
    if (e instanceof AuthenticationFailedException auth) {
      return authentication(auth);
    }
    if (e instanceof AddressException) {
      return new PermanentFailure("invalid_address", describe(e), 0);
    }
    Integer code = replyCode(e);
    if (code == null) {
      return new TransientFailure("smtp_unavailable", describe(e), null, 0);
    }
    String reason = "SMTP server answered " + describe(e);
    return code >= 500
        ? new PermanentFailure(String.valueOf(code), reason, 0)
        : new TransientFailure(String.valueOf(code), reason, null, 0);
  }

  private static DeliveryOutcome authentication(AuthenticationFailedException e) {
    String response = e.getMessage() == null ? "" : e.getMessage().trim();
    if (response.startsWith("454")) {
      return new TransientFailure("454", "temporary authentication failure: " + response, null, 0);
    }
    return new PermanentFailure("auth_failed", "SMTP server rejected the credentials ("
        + (response.isEmpty() ? "no detail" : response) + "); check smtp.username/smtp.password", 0);
  }

  /** The first SMTP reply code in the exception chain, or {@code null} when there is none. */
  private static Integer replyCode(Throwable e) {
    Throwable t = e;
    for (int depth = 0; t != null && depth < MAX_CHAIN; depth++, t = t.getCause()) {
      int rc = switch (t) {
        case SMTPAddressFailedException a -> a.getReturnCode();
        case SMTPSenderFailedException s -> s.getReturnCode();
        case SMTPSendFailedException s -> s.getReturnCode();
        default -> -1;
      };
      if (rc >= 400 && rc < 600) {
        return rc;
      }
    }
    return null;
  }

  /** The exception's message, and its innermost cause when that says more (e.g. "Connection refused"). */
  private static String describe(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().trim();
    Throwable root = e;
    for (int depth = 0; root.getCause() != null && depth < MAX_CHAIN; depth++) {
      root = root.getCause();
    }
    if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
      return message + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
    return message;
  }
}
