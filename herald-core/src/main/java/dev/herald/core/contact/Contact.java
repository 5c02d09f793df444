package dev.herald.core.contact;

import dev.herald.core.message.Channel;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A person with addresses per channel (DESIGN §2). Addresses are normalised: phone and WhatsApp
 * id in E.164, email with a lower-cased domain and its local part as written. Each address belongs
 * to at most one contact of a tenant, an email address in whatever case it is written.
 *
 * @param hasWhatsapp whether the person uses WhatsApp; {@code null} when unknown
 * @param allowsSms whether the phone takes SMS (false for landlines); {@code null} when unknown
 * @param timeZone IANA zone id such as {@code Europe/Paris}, or {@code null}
 * @param locale BCP 47 language tag such as {@code fr-FR}, or {@code null}
 * @param lastActiveChannel the channel of the latest inbound or delivered outbound message
 */
public record Contact(
    String id,
    String tenantId,
    String name,
    String phone,
    String email,
    String whatsapp,
    Boolean hasWhatsapp,
    Boolean allowsSms,
    String timeZone,
    Channel preferredChannel,
    String locale,
    Channel lastActiveChannel,
    Instant lastActiveAt,
    Map<String, String> metadata,
    Instant createdAt,
    Instant updatedAt) {

  public Contact {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /**
   * The address to use on {@code channel}: the phone for SMS (unless SMS is known not to work) and
   * voice; the WhatsApp id, else the phone when the person is known to use WhatsApp; the email.
   */
  public Optional<String> addressFor(Channel channel) {
    return Optional.ofNullable(switch (channel) {
      case SMS -> Boolean.FALSE.equals(allowsSms) ? null : phone;
      case VOICE -> phone;
      case WHATSAPP -> whatsapp != null ? whatsapp : Boolean.TRUE.equals(hasWhatsapp) ? phone : null;
      case EMAIL -> email;
      case WEBHOOK -> null;
    });
  }

  /**
   * Why this contact cannot be reached on {@code channel} at all, whatever address a message gives:
   * SMS when {@code allows_sms} is false, WhatsApp when {@code has_whatsapp} is false. Empty when
   * the channel may be used (an unknown capability does not refuse). Both a {@code contact_id} and
   * a raw address belonging to the contact are refused alike, at accept.
   */
  public Optional<String> refusal(Channel channel) {
    if (channel == Channel.SMS && Boolean.FALSE.equals(allowsSms)) {
      return Optional.of("contact " + id + " does not take SMS (allows_sms is false)");
    }
    if (channel == Channel.WHATSAPP && Boolean.FALSE.equals(hasWhatsapp)) {
      return Optional.of("contact " + id + " does not use WhatsApp (has_whatsapp is false)");
    }
    return Optional.empty();
  }

  /**
   * Whether this contact already knows all that an inbound message on {@code channel} can teach
   * it ({@link ContactStore#learnInbound}): the capability, and an address for the channel.
   */
  public boolean provenBy(Channel channel) {
    return switch (channel) {
      case SMS -> Boolean.TRUE.equals(allowsSms) && phone != null;
      case WHATSAPP -> Boolean.TRUE.equals(hasWhatsapp) && whatsapp != null;
      case EMAIL, VOICE, WEBHOOK -> true;
    };
  }

  /** This contact with the given fields from a validated update, keeping identity and activity. */
  Contact updatedWith(Contact edit, Instant now) {
    return new Contact(id, tenantId, edit.name, edit.phone, edit.email, edit.whatsapp, edit.hasWhatsapp,
        edit.allowsSms, edit.timeZone, edit.preferredChannel, edit.locale, lastActiveChannel, lastActiveAt,
        edit.metadata, createdAt, now);
  }
}
