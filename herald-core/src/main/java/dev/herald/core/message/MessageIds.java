package dev.herald.core.message;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/** Message ids: UUIDv7 (RFC 9562), time-ordered so inserts append to the primary-key index. */
public final class MessageIds {
  private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

  private MessageIds() {}

  /** A new UUIDv7 in its canonical 36-character form. */
  public static String next() {
    return GENERATOR.generate().toString();
  }

  /** Whether {@code value} is a canonical UUID string (any version). */
  public static boolean isWellFormed(String value) {
    if (value == null || value.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = value.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : Character.digit(c, 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
