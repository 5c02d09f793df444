package dev.herald.core.event;

import dev.herald.core.provider.StatusReport;
import dev.herald.core.provider.StatusReportSink;

/**
 * A {@link StatusReportSink} that applies reports through another sink and announces each report
 * that moved a message as {@link MessageStatusChanged}. Duplicates and refused moves announce nothing.
 */
public final class AnnouncingStatusSink implements StatusReportSink {
  private final StatusReportSink delegate;
  private final EventBus events;

  public AnnouncingStatusSink(StatusReportSink delegate, EventBus events) {
    this.delegate = delegate;
    this.events = events;
  }

  @Override
  public Result report(StatusReport r) {
    return apply(r).result();
  }

  @Override
  public Outcome apply(StatusReport r) {
    Outcome outcome = delegate.apply(r);
    if (outcome.result() == Result.APPLIED && r.status() != null) {
      events.publish(new MessageStatusChanged(r.messageId(), r.provider(), r.providerMessageId(), r.status(), r.errorCode(),
          outcome.message()));
    }
    return outcome;
  }
}
