package dev.herald.server.config;

import dev.herald.core.error.ConfigurationException;
import dev.herald.core.message.Channel;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The environment's names for configuration keys: {@code HERALD_} + the key upper-cased with dots
 * as underscores ({@code HERALD_SMTP_HOST} is {@code smtp.host}). A {@code HERALD_} name that is
 * neither a key nor one of {@link #HERALDS_OWN} stops start-up, as an unknown key in the file does,
 * naming the closest known name: a misspelled variable is otherwise silently ignored.
 */
final class EnvironmentNames {
  static final String PREFIX = "HERALD_";

  /**
   * {@code HERALD_} variables that Herald reads but that are not configuration keys:
   * {@code HERALD_CONFIG} (the file {@code herald serve} reads), {@code HERALD_URL} (the server
   * {@code herald send} and {@code herald status} call), {@code HERALD_JAVA_OPTS} (JVM options of the
   * {@code ./herald} launcher) and {@code HERALD_TEST_PG_URL} (the tests' PostgreSQL).
   */
  static final Set<String> HERALDS_OWN = Set.of("HERALD_CONFIG", "HERALD_URL", "HERALD_JAVA_OPTS", "HERALD_TEST_PG_URL");

  /** Provider ids and sections, longest first, so {@code twilio_voice} wins over {@code twilio}. */
  private final List<String> prefixes;

  EnvironmentNames(Collection<String> providerIds) {
    this.prefixes = Stream.concat(HeraldConfig.SECTIONS.stream(), providerIds.stream())
        .sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  /**
   * The configuration key {@code name} sets, or null when it sets none (not a {@code HERALD_} name,
   * or one of {@link #HERALDS_OWN}).
   *
   * @throws ConfigurationException naming {@code name} and the closest known name when it is unknown
   */
  String key(String name) {
    if (!name.startsWith(PREFIX) || HERALDS_OWN.contains(name)) {
      return null;
    }
    String rest = name.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
    if (rest.startsWith("channels_") && rest.endsWith("_providers") && rest.length() > "channels__providers".length()) {
      return "channels." + rest.substring("channels_".length(), rest.length() - "_providers".length()) + ".providers";
    }
    if (HeraldConfig.TOP_LEVEL_KEYS.contains(rest)) {
      return rest;
    }
    for (String prefix : prefixes) {
      if (rest.startsWith(prefix + "_")) {
        return prefix + "." + rest.substring(prefix.length() + 1);
      }
    }
    throw new ConfigurationException(name, "is not a configuration key; did you mean " + closest(name) + "?");
  }

  /** The known name nearest to {@code name} by edit distance; the first in alphabetical order on a tie. */
  private String closest(String name) {
    Set<String> known = new TreeSet<>(HERALDS_OWN);
    HeraldConfig.TOP_LEVEL_KEYS.forEach(k -> known.add(envName(k)));
    for (Channel c : Channel.values()) {
      known.add(envName("channels." + c.wireName() + ".providers"));
    }
    // A provider's keys are open-ended: try each known prefix in place of the name's first words.
    String[] words = name.substring(PREFIX.length()).split("_");
    for (String prefix : prefixes) {
      for (int i = 1; i < words.length; i++) {
        known.add(envName(prefix + "." + String.join("_", List.of(words).subList(i, words.length))));
      }
    }
    return known.stream().min(Comparator.comparingInt(k -> distance(name, k))).orElseThrow();
  }

  private static String envName(String key) {
    return PREFIX + key.replace('.', '_').toUpperCase(Locale.ROOT);
  }

  /** Levenshtein distance: the fewest single-character insertions, deletions and substitutions from a to b. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
