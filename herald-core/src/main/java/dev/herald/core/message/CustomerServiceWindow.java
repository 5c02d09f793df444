package dev.herald.core.message;

import java.time.Duration;
import java.time.Instant;

/**
 * WhatsApp's customer service window: a business may send free-form messages (text, media) to a user
 * only within 24 hours of that user's last message to it; outside the window only an approved
 * template may open the conversation (Meta, WhatsApp Cloud API "Conversations" / "Customer service
 * windows"; a free-form send outside it fails with error {@code 131047}).
 *
 * <p>{@link MessageService} applies it when a WhatsApp message is accepted, from the time of the
 * sender's last stored inbound WhatsApp message, so the caller gets a clear 422 at once instead of
 * a failure from Meta later.
 */
public final class CustomerServiceWindow {
  /** How long the window stays open after the user's last inbound message. */
  public static final Duration LENGTH = Duration.ofHours(24);

  /** Message metadata key naming an approved template (the WhatsApp provider sends it as a template). */
  public static final String TEMPLATE_NAME = "template_name";

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
    String name = message.metadata().get(TEMPLATE_NAME);
    return name != null && !name.isBlank();
  }

  /** True when {@code message} may be sent at {@code now}: templates always, free-form within the window. */
  public static boolean allows(Message message, Instant lastInbound, Instant now) {
    return isTemplate(message) || allowsFreeForm(lastInbound, now);
  }
}
