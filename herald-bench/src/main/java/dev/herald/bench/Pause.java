package dev.herald.bench;

/** Sleeping without checked exceptions: the harness has no use for interruption but to stop. */
final class Pause {
  private Pause() {}

  static void millis(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
