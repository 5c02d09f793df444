package dev.herald.core.provider;

/** Receives verified status reports and applies them through the status state machine. */
public interface StatusReportSink {
  /** What applying a report did. */
  enum Result {
    /** The message moved to the reported status. */
    APPLIED,
    /** Stored, but the state machine refused the move (late or backward report). */
    IGNORED,
    /** The same event was seen before; nothing changed. */
    DUPLICATE,
    /** No message matches; stored for later inspection. */
    UNMATCHED
  }

  /** Stores the report as a message event and applies it. Idempotent per {@code eventKey}. */
  Result report(StatusReport report);
}
