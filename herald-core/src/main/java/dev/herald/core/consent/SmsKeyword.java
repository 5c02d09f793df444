package dev.herald.core.consent;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The SMS keywords US carriers (CTIA Messaging Principles) and Twilio's Advanced Opt-Out honour: a
 * message whose whole text, case-insensitively and trimmed of spaces and end punctuation, is one of
 * these words.
 */
public enum SmsKeyword {
  OPT_OUT(Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT")),
  OPT_IN(Set.of("START", "UNSTOP", "YES")),
  HELP(Set.of("HELP"));

  private final Set<String> words;

  SmsKeyword(Set<String> words) {
    this.words = words;
  }

  /** The keyword {@code text} is, if it is one. */
  public static Optional<SmsKeyword> of(String text) {
    String word = normalise(text);
    for (SmsKeyword k : values()) {
      if (k.words.contains(word)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /** The upper-cased word as matched ({@code STOP}). */
  public static String normalise(String text) {
    return text == null ? "" : text.strip().replaceAll("[.!?]+$", "").strip().toUpperCase(Locale.ROOT);
  }
}
