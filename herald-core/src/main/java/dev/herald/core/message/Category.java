package dev.herald.core.message;

import dev.herald.core.error.ValidationException;
import java.util.Locale;

/** Why a message is sent: {@code transactional} (the recipient expects it) or {@code marketing}. */
public enum Category {
  TRANSACTIONAL,
  MARKETING;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name, defaulting to transactional when absent. */
  public static Category parse(String value, String field) {
    if (value == null) {
      return TRANSACTIONAL;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "transactional" -> TRANSACTIONAL;
      case "marketing" -> MARKETING;
      default -> throw new ValidationException(field, "must be 'transactional' or 'marketing'");
    };
  }
}
