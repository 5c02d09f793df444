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

  /**
   * What applying a report did, and the message it matched as it was before the report moved it
   * ({@code null} when none matched or the report was a duplicate).
   */
  record Outcome(Result result, dev.herald.core.message.Message message) {}

  /** Stores the report as a message event and applies it. Idempotent per {@code eventKey}. */
  Result report(StatusReport report);

  /** {@link #report}, also giving the matched message where the sink knows it. */
  default Outcome apply(StatusReport report) {
    return new Outcome(report(report), null);
  }

  /**
   * Applies {@code report} and then runs {@code whenApplied} with the outcome. A sink that can hold
   * a report the store cannot take now applies it later instead, and runs {@code whenApplied} then
   * (on another thread); this one applies it now or throws, running nothing.
   */
  default void applyEventually(StatusReport report, java.util.function.Consumer<Outcome> whenApplied) {
    whenApplied.accept(apply(report));
  }
}
