package dev.herald.core.message;

import dev.herald.core.error.ValidationException;
import java.util.Locale;

/**
 * Dispatch priority: workers claim higher levels first, then by due time. Transactional messages
 * default to {@code high} and marketing to {@code low}, so a transactional message never waits
 * behind a bulk marketing batch.
 */
public enum Priority {
  LOW(1),
  NORMAL(5),
  HIGH(9);

  private final int level;

  Priority(int level) {
    this.level = level;
  }

  /** Numeric level stored with the message (higher is claimed first). */
  public int level() {
    return level;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Priority ofLevel(int level) {
    return level >= HIGH.level ? HIGH : level >= NORMAL.level ? NORMAL : LOW;
  }

  /** Parses a wire name; absent means the category's default. */
  public static Priority parse(String value, Category category, String field) {
    if (value == null) {
      return category == Category.MARKETING ? LOW : HIGH;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "high" -> HIGH;
      case "normal" -> NORMAL;
      case "low" -> LOW;
      default -> throw new ValidationException(field, "must be 'high', 'normal' or 'low'");
    };
  }
}
