package dev.herald.core.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The outage circuit judges calls in the order they started, whatever order their outcomes come back in. */
class ProviderCircuitTest {
  private static final Consumer<CircuitBreaker> FAILED =
      b -> b.onError(1, TimeUnit.MILLISECONDS, new RuntimeException("503"));
  private static final Consumer<CircuitBreaker> ACCEPTED = b -> b.onSuccess(300, TimeUnit.MILLISECONDS);

  private final ProviderCircuit circuit = new ProviderCircuit("p", ProviderRoutes.BreakerSettings.DEFAULT,
      Clock.fixed(Instant.parse("2026-03-01T09:00:00Z"), ZoneOffset.UTC));

  @Test
  void fastFailuresOvertakingSlowSuccessesDoNotCallAHalfFailingProviderDown() {
    // 200 calls out at once, every other one failing: the failures come back first, as in the
    // flaky benchmark, where the first 100 outcomes were 99 failures.
    long[] tickets = new long[200];
    for (int i = 0; i < tickets.length; i++) {
      tickets[i] = circuit.callStarting();
    }
    for (int i = 0; i < tickets.length; i += 2) {
      circuit.callEnded(tickets[i], FAILED);
    }
    for (int i = 1; i < tickets.length; i += 2) {
      circuit.callEnded(tickets[i], ACCEPTED);
    }
    assertThat(circuit.outage.getMetrics().getNumberOfBufferedCalls()).isEqualTo(200);
    assertThat(circuit.outage.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void aProviderFailingEveryCallIsCalledDownOnceTheWindowHoldsTheMinimumOfCalls() {
    for (int i = 0; i < 99; i++) {
      circuit.callEnded(circuit.callStarting(), FAILED);
    }
    assertThat(circuit.outage.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    circuit.callEnded(circuit.callStarting(), FAILED);
    assertThat(circuit.outage.getState()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void aCallNotMadeAfterAllHoldsBackNoLaterOutcome() {
    long notMade = circuit.callStarting();
    long made = circuit.callStarting();
    circuit.callEnded(made, FAILED);
    assertThat(circuit.outage.getMetrics().getNumberOfBufferedCalls()).isZero();
    circuit.callEnded(notMade, null);
    assertThat(circuit.outage.getMetrics().getNumberOfBufferedCalls()).isEqualTo(1);
    assertThat(circuit.outage.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
  }
}
