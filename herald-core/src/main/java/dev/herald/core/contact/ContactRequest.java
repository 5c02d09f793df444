package dev.herald.core.contact;

import dev.herald.core.error.ValidationException;
import dev.herald.core.error.ValidationException.FieldError;
import dev.herald.core.message.Addresses;
import dev.herald.core.message.Channel;
import dev.herald.core.message.MessageIds;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A caller's description of a contact, as received; field names in errors are the API's JSON names. */
public record ContactRequest(
    String name,
    String phone,
    String email,
    String whatsapp,
    Boolean hasWhatsapp,
    Boolean allowsSms,
    String timeZone,
    String preferredChannel,
    String locale,
    Map<String, String> metadata) {

  /**
   * Validates and normalises this request into a contact with a new id.
   *
   * @throws ValidationException listing every offending field
   */
  public Contact toContact(String tenantId, Addresses addresses, Instant now) {
    List<FieldError> errors = new ArrayList<>();
    String p = phone == null ? null : ValidationException.collect(errors, () -> addresses.phone(phone, "phone"));
    String e = email == null ? null : ValidationException.collect(errors, () -> addresses.email(email, "email"));
    String w = whatsapp == null ? null : ValidationException.collect(errors, () -> addresses.phone(whatsapp, "whatsapp"));
    if (p == null && e == null && w == null && errors.isEmpty()) {
      errors.add(new FieldError("phone", "a contact needs at least one address: phone, email or whatsapp"));
    }
    String zone = timeZone == null ? null : ValidationException.collect(errors, () -> zone(timeZone));
    Channel preferred = preferredChannel == null ? null
        : ValidationException.collect(errors, () -> Channel.parse(preferredChannel, "preferred_channel"));
    String tag = locale == null ? null : ValidationException.collect(errors, () -> languageTag(locale));
    if (name != null && name.length() > 200) {
      errors.add(new FieldError("name", "is longer than 200 characters"));
    }
    if (metadata != null && metadata.size() > 50) {
      errors.add(new FieldError("metadata", "has more than 50 keys"));
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return new Contact(MessageIds.next(), tenantId, name, p, e, w, hasWhatsapp, allowsSms, zone, preferred, tag,
        null, null, metadata, now, now);
  }

  private static String zone(String value) {
    try {
      return ZoneId.of(value.trim()).getId();
    } catch (DateTimeException ex) {
      throw new ValidationException("time_zone", "'" + value + "' is not an IANA time zone such as Europe/Paris");
    }
  }

  private static String languageTag(String value) {
    try {
      return new Locale.Builder().setLanguageTag(value.trim()).build().toLanguageTag();
    } catch (IllformedLocaleException ex) {
      throw new ValidationException("locale", "'" + value + "' is not a BCP 47 language tag such as fr-FR");
    }
  }

}
