package dev.herald.core.message;

import dev.herald.core.error.ValidationException;
import dev.herald.core.error.ValidationException.FieldError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an email that become header fields, and the rules that keep each one a single
 * header field.
 *
 * <p>Header-bound: {@code to}, {@code from}, {@code subject}, and the metadata keys
 * {@value #REPLY_TO} ({@code Reply-To}) and {@value #LIST_UNSUBSCRIBE} ({@code List-Unsubscribe}),
 * which the SMTP and SendGrid providers write as headers. A header field ends at CR LF (RFC 5322
 * §2.1, §2.2), and SMTP servers and mail libraries also end lines at a lone CR or LF, so any of
 * them in such a value would let a caller add headers ({@code Reply-To}, {@code Bcc}) or end the
 * headers early and replace the body; NUL is only obsolete syntax that must not be generated
 * (RFC 5322 §4), and some servers cut the message at it. Accept
 * refuses all three ({@link #lineBreaks}), and the providers refuse them again in what they send
 * ({@link #lineBreakIn}), since a message stored before this check existed may carry them.
 */
public final class EmailHeaderFields {
  /** Metadata key whose address becomes the {@code Reply-To} header. */
  public static final String REPLY_TO = "reply_to";
  /** Metadata key whose URI becomes the {@code List-Unsubscribe} header (RFC 2369, RFC 8058). */
  public static final String LIST_UNSUBSCRIBE = "list_unsubscribe";
  /** Why a header-bound value is refused; names the characters. */
  public static final String LINE_BREAK_DETAIL =
      "contains CR, LF or NUL, which would end the email header (RFC 5322 §2.2); remove line breaks";

  private EmailHeaderFields() {}

  /**
   * Errors naming every header-bound field of an email request that holds CR, LF or NUL: {@code to},
   * {@code from}, {@code subject}, {@code metadata/reply_to}, {@code metadata/list_unsubscribe}.
   */
  static List<FieldError> lineBreaks(String to, String from, String subject, Map<String, String> metadata) {
    List<FieldError> errors = new ArrayList<>();
    headerValues(to, from, subject, metadata).forEach((field, value) -> {
      if (hasLineBreakOrNul(value)) {
        errors.add(new FieldError(field, LINE_BREAK_DETAIL));
      }
    });
    return errors;
  }

  /**
   * Why {@code email} cannot be written as headers, naming its first header-bound field (by API
   * name) that holds CR, LF or NUL; empty when none does.
   */
  public static Optional<String> lineBreakIn(Message email) {
    Content content = email.content();
    return lineBreaks(email.to(), email.from(), content == null ? null : content.subject(), email.metadata())
        .stream().map(e -> e.field() + " " + e.detail()).findFirst();
  }

  /**
   * Checks a caller's own {@value #LIST_UNSUBSCRIBE}: one absolute {@code https:} URI with a host,
   * or a {@code mailto:} URI of one email address, written bare (the providers add the angle
   * brackets of RFC 2369 §2). Herald's own link, added when the caller gives none, is built from
   * {@code public_base_url} and is not the caller's to shape.
   *
   * @return the error naming {@code metadata/list_unsubscribe}, or empty when the value is good
   */
  static Optional<FieldError> checkCallerListUnsubscribe(String value, Addresses addresses) {
    String field = "metadata/" + LIST_UNSUBSCRIBE;
    if (hasLineBreakOrNul(value)) {
      return Optional.of(new FieldError(field, LINE_BREAK_DETAIL));
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      return Optional.of(new FieldError(field, "is not a URI (" + e.getReason()
          + "); expected one https: or mailto: URI without angle brackets (RFC 2369)"));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean good = switch (scheme) {
      case "https" -> uri.getHost() != null;
      case "mailto" -> isOneAddress(uri.getSchemeSpecificPart(), addresses);
      default -> false;
    };
    return good ? Optional.empty() : Optional.of(new FieldError(field,
        "must be one https: URI with a host or one mailto: URI of an email address (RFC 2369, RFC 8058)"));
  }

  /**
   * Whether the {@code List-Unsubscribe} URI supports RFC 8058 one-click (a POST to it), so that
   * {@code List-Unsubscribe-Post} belongs beside it: every web link, never a {@code mailto:}.
   */
  public static boolean isOneClick(String listUnsubscribe) {
    return !listUnsubscribe.trim().toLowerCase(Locale.ROOT).startsWith("mailto:");
  }

  /**
   * The {@code List-Unsubscribe} header value for a URI: the URI in US-ASCII (non-ASCII
   * percent-encoded) between angle brackets (RFC 2369 §2).
   *
   * @throws IllegalArgumentException when {@code uri} is not a URI or holds CR, LF or NUL
   */
  public static String listUnsubscribeValue(String uri) {
    if (hasLineBreakOrNul(uri)) {
      throw new IllegalArgumentException(LIST_UNSUBSCRIBE + " " + LINE_BREAK_DETAIL);
    }
    return "<" + URI.create(uri.trim()).toASCIIString() + ">";
  }

  private static boolean isOneAddress(String mailto, Addresses addresses) {
    String address = mailto == null ? "" : mailto.split("\\?", 2)[0];
    try {
      addresses.email(address, LIST_UNSUBSCRIBE);
      return !address.isBlank() && address.equals(address.trim());
    } catch (ValidationException e) {
      return false;
    }
  }

  private static Map<String, String> headerValues(String to, String from, String subject, Map<String, String> metadata) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("to", to);
    values.put("from", from);
    values.put("subject", subject);
    if (metadata != null) {
      values.put("metadata/" + REPLY_TO, metadata.get(REPLY_TO));
      values.put("metadata/" + LIST_UNSUBSCRIBE, metadata.get(LIST_UNSUBSCRIBE));
    }
    return values;
  }

  private static boolean hasLineBreakOrNul(String value) {
    return value != null && (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0);
  }
}
