package dev.herald.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.herald.core.error.UnavailableException;
import dev.herald.core.provider.StatusReport;
import dev.herald.core.provider.StatusReportSink;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Reports the store cannot take now are held and applied again in process, not given up. */
class RetryingReportSinkTest {
  private static final StatusReport DELIVERED = new StatusReport("simulator", "SM1", "m1", MessageStatus.DELIVERED, null,
      null, Instant.EPOCH, "SM1:delivered", "delivered", "{}", null, null);

  /** A store that refuses the first {@code refusals} reports, then applies them. */
  private static final class FlakyStore implements StatusReportSink {
    final AtomicInteger calls = new AtomicInteger();
    final int refusals;

    FlakyStore(int refusals) {
      this.refusals = refusals;
    }

    @Override
    public Result report(StatusReport report) {
      if (calls.incrementAndGet() <= refusals) {
        throw new UnavailableException(UnavailableException.DATABASE_UNAVAILABLE, "down", Duration.ofSeconds(1), null);
      }
      return Result.APPLIED;
    }
  }

  @Test
  void reportTheStoreRefusedIsAppliedLaterAndItsFollowUpRunsOnceItIs() {
    FlakyStore store = new FlakyStore(3);
    AtomicInteger followUps = new AtomicInteger();
    try (RetryingReportSink sink = new RetryingReportSink(store, 10)) {
      sink.applyEventually(DELIVERED, o -> followUps.incrementAndGet());
      assertThat(followUps).hasValue(0);
      assertThat(sink.waiting()).isEqualTo(1);

      await().atMost(Duration.ofSeconds(10)).until(() -> followUps.get() == 1);
      assertThat(store.calls).hasValue(4);
      assertThat(sink.waiting()).isZero();
      assertThat(followUps).hasValue(1);
    }
  }

  @Test
  void aCallerThatCanHaveTheReportSentAgainIsStillToldItFailedWhileItIsHeld() {
    FlakyStore store = new FlakyStore(1);
    try (RetryingReportSink sink = new RetryingReportSink(store, 10)) {
      assertThatThrownBy(() -> sink.report(DELIVERED)).isInstanceOf(UnavailableException.class);
      assertThat(sink.waiting()).isEqualTo(1);
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.waiting() == 0);
      assertThat(store.calls).hasValue(2);
    }
  }

  @Test
  void aReportBeyondWhatCanBeHeldIsRefusedAsWithoutTheSink() {
    try (RetryingReportSink sink = new RetryingReportSink(new FlakyStore(Integer.MAX_VALUE), 1)) {
      sink.applyEventually(DELIVERED, o -> { });
      assertThatThrownBy(() -> sink.applyEventually(DELIVERED, o -> { })).isInstanceOf(UnavailableException.class);
      assertThat(sink.waiting()).isEqualTo(1);
    }
  }
}
