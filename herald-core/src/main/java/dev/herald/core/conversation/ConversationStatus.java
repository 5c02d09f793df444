package dev.herald.core.conversation;

import dev.herald.core.error.ValidationException;
import java.util.Locale;

/** Where a conversation stands: open ({@code active}, {@code follow_up}) or {@code closed} for good. */
public enum ConversationStatus {
  ACTIVE,
  FOLLOW_UP,
  CLOSED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isOpen() {
    return this != CLOSED;
  }

  /** @throws ValidationException naming {@code field} when the value is not a status */
  public static ConversationStatus parse(String value, String field) {
    if (value != null) {
      for (ConversationStatus s : values()) {
        if (s.wireName().equals(value.trim().toLowerCase(Locale.ROOT))) {
          return s;
        }
      }
    }
    throw new ValidationException(field, "'" + value + "' is not a conversation status; expected active, follow_up or closed");
  }
}
