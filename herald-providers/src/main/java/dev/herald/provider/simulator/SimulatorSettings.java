package dev.herald.provider.simulator;

import dev.herald.core.provider.ProviderConfig;
import java.time.Duration;

/**
 * @param latency mean time a send takes
 * @param jitter a send takes {@code latency ± jitter}, uniformly
 * @param failureRate share of sends (0 to 1) answered with a transient failure
 * @param callbackDelay wait between acceptance and the delivery report
 * @param deliveryReports whether accepted sends are followed by a delivery report at all (off, a
 *     message stays {@code sent}: benchmarks of the queue alone)
 */
record SimulatorSettings(Duration latency, Duration jitter, double failureRate, Duration callbackDelay, int concurrency,
    boolean deliveryReports) {
  static SimulatorSettings from(ProviderConfig c) {
    Duration latency = c.getDuration("latency", Duration.ZERO);
    Duration jitter = c.getDuration("latency_jitter", Duration.ZERO);
    if (jitter.compareTo(latency) > 0) {
      throw new dev.herald.core.error.ConfigurationException(c.fullKey("latency_jitter"),
          "must not exceed " + c.fullKey("latency") + " (" + latency.toMillis() + "ms)");
    }
    return new SimulatorSettings(latency, jitter, c.getFraction("failure_rate", 0.0),
        c.getDuration("callback_delay", Duration.ofMillis(20)), c.getInt("concurrency", 1024),
        c.getBoolean("delivery_reports", true));
  }
}
