package dev.herald.core.message;

import dev.herald.core.error.ValidationException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A way of reaching a recipient. Each channel has its own address format and body limit.
 *
 * <p>Body limits in characters: SMS 1,600 (Twilio's documented maximum for a concatenated message),
 * WhatsApp 4,096 (Meta Cloud API text body), voice 4,096 (TwiML {@code <Say>} text), email and
 * webhook 1,000,000.
 */
public enum Channel {
  SMS(1_600),
  EMAIL(1_000_000),
  WHATSAPP(4_096),
  VOICE(4_096),
  WEBHOOK(1_000_000);

  private final int maxBodyLength;

  Channel(int maxBodyLength) {
    this.maxBodyLength = maxBodyLength;
  }

  /** Largest body accepted on this channel, in UTF-16 characters. */
  public int maxBodyLength() {
    return maxBodyLength;
  }

  /** Lower-case wire name ({@code sms}, {@code email}...). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire name.
   *
   * @throws ValidationException naming {@code field} when the channel is unknown
   */
  public static Channel parse(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new ValidationException(field, "is required");
    }
    for (Channel c : values()) {
      if (c.wireName().equals(value.trim().toLowerCase(Locale.ROOT))) {
        return c;
      }
    }
    throw new ValidationException(
        field,
        "unknown channel '" + value + "'; expected one of "
            + Arrays.stream(values()).map(Channel::wireName).collect(Collectors.joining(", ")));
  }
}
