package dev.herald.provider.whatsapp;

import dev.herald.core.message.Message;
import java.time.Duration;
import java.time.Instant;

/**
 * WhatsApp's customer service window: a business may send free-form messages (text, media) to a user
 * only within 24 hours of that user's last message to it; outside the window only an approved
 * template may open the conversation (Meta, WhatsApp Cloud API "Conversations" / "Customer service
 * windows"; a free-form send outside it fails with error {@code 131047}).
 *
 * <p>Pure functions, not yet applied by the provider: deciding needs the contact's last inbound
 * message time, which the engine does not track yet.
 */
public final class CustomerServiceWindow {
  /** How long the window stays open after the user's last inbound message. */
  public static final Duration LENGTH = Duration.ofHours(24);

  private CustomerServiceWindow() {}

  /**
   * True when a free-form message may be sent at {@code now}: the user wrote at {@code lastInbound}
   * and fewer than 24 hours have passed (the window closes exactly at {@code lastInbound + 24h}).
   *
   * @param lastInbound when the user last wrote to the business, or {@code null} if never
   */
  public static boolean allowsFreeForm(Instant lastInbound, Instant now) {
    return lastInbound != null && now.isBefore(lastInbound.plus(LENGTH));
  }

  /** True when {@code message} is sent as a template (metadata {@code template_name} is set). */
  public static boolean isTemplate(Message message) {
    String name = message.metadata().get(WhatsAppRequestBody.TEMPLATE_NAME);
    return name != null && !name.isBlank();
  }

  /** True when {@code message} may be sent at {@code now}: templates always, free-form within the window. */
  public static boolean allows(Message message, Instant lastInbound, Instant now) {
    return isTemplate(message) || allowsFreeForm(lastInbound, now);
  }
}
