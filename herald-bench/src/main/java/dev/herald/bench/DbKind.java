package dev.herald.bench;

import java.util.Locale;

/** The two databases Herald runs on. */
enum DbKind {
  SQLITE,
  POSTGRESQL;

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static DbKind parse(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }
}
