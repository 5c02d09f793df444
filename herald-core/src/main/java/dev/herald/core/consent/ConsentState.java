package dev.herald.core.consent;

import dev.herald.core.error.ValidationException;
import java.util.Locale;

/** A contact's stance on one channel. */
public enum ConsentState {
  OPTED_IN,
  OPTED_OUT;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws ValidationException naming {@code field} when the value is neither */
  public static ConsentState parse(String value, String field) {
    for (ConsentState s : values()) {
      if (s.wireName().equals(value == null ? null : value.trim().toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw new ValidationException(field, "'" + value + "' is not a consent state; expected opted_in or opted_out");
  }
}
