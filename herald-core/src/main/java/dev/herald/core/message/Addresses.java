package dev.herald.core.message;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.herald.core.error.ValidationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Validates and normalises recipient and sender addresses per channel.
 *
 * <p>Phone numbers (SMS, WhatsApp, voice) are parsed by libphonenumber with a default region for
 * numbers written without a country code, and rendered in E.164. Email addresses follow the
 * practical subset of RFC 5322 addr-spec that providers accept (one {@code @}, a dotted domain, no
 * spaces); the domain is lower-cased, the local part kept as written, and two addresses that
 * differ only in case are one address ({@link #key}). Webhook recipients are absolute http(s) URLs.
 */
public final class Addresses {
  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
  private static final Pattern EMAIL =
      Pattern.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
          + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

  /** Phone numbers kept parsed (about 150 bytes each). */
  static final int CACHED_NUMBERS = 50_000;

  private final String defaultRegion;
  private final Cache<String, PhoneAnswer> phones = Caffeine.newBuilder().maximumSize(CACHED_NUMBERS).build();

  /**
   * @param defaultRegion ISO 3166-1 alpha-2 region for numbers without a country code, e.g. {@code US}
   */
  public Addresses(String defaultRegion) {
    this.defaultRegion = defaultRegion.toUpperCase(Locale.ROOT);
  }

  /**
   * Normalises {@code value} as an address on {@code channel}.
   *
   * @throws ValidationException naming {@code field} when the address is missing or invalid
   */
  public String normalise(Channel channel, String value, String field) {
    if (value == null || value.isBlank()) {
      throw new ValidationException(field, "is required");
    }
    return switch (channel) {
      case SMS, WHATSAPP, VOICE -> phone(value, field);
      case EMAIL -> email(value, field);
      case WEBHOOK -> url(value, field);
    };
  }

  /**
   * Parses a phone number to E.164. Answers, valid or not, are cached by the text as given
   * ({@value #CACHED_NUMBERS} most recent): libphonenumber's parse is regular-expression work that
   * was a third of the accept path's CPU, and one recipient is usually written the same way each time.
   */
  public String phone(String value, String field) {
    PhoneAnswer answer = phones.get(value, this::parsePhone);
    if (answer.e164() == null) {
      throw new ValidationException(field, answer.error());
    }
    return answer.e164();
  }

  /** A parsed number in E.164, or why the text is not one. */
  private record PhoneAnswer(String e164, String error) {}

  private PhoneAnswer parsePhone(String value) {
    try {
      PhoneNumber number = PHONES.parse(value.trim(), defaultRegion);
      if (!PHONES.isValidNumber(number)) {
        return new PhoneAnswer(null, "'" + value + "' is not a valid phone number");
      }
      return new PhoneAnswer(PHONES.format(number, PhoneNumberFormat.E164), null);
    } catch (NumberParseException e) {
      return new PhoneAnswer(null, "'" + value + "' is not a phone number: " + e.getMessage());
    }
  }

  /** Validates an email address and lower-cases its domain. */
  public String email(String value, String field) {
    String v = value.trim();
    if (v.length() > 254 || !EMAIL.matcher(v).matches()) {
      throw new ValidationException(field, "'" + value + "' is not a valid email address");
    }
    int at = v.lastIndexOf('@');
    if (at > 64) {
      throw new ValidationException(field, "local part of '" + value + "' is longer than 64 characters");
    }
    return v.substring(0, at) + "@" + v.substring(at + 1).toLowerCase(Locale.ROOT);
  }

  /**
   * What a normalised address on {@code channel} is compared by, so that two ways of writing one
   * address name one contact and one consent: an email address lower-cased whole (RFC 5321 lets a
   * mailbox tell case apart in the local part, but mail providers do not, and people write it
   * either way), any other address as it is (phone numbers are E.164; a URL's path is
   * case-sensitive). Normalised email addresses are ASCII, where this agrees with SQL's
   * {@code lower()}.
   */
  public static String key(Channel channel, String address) {
    return channel == Channel.EMAIL ? address.toLowerCase(Locale.ROOT) : address;
  }

  private static String url(String value, String field) {
    try {
      URI uri = new URI(value.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new ValidationException(field, "'" + value + "' is not an absolute http(s) URL");
      }
      return uri.toString();
    } catch (URISyntaxException e) {
      throw new ValidationException(field, "'" + value + "' is not a URL: " + e.getReason());
    }
  }
}
