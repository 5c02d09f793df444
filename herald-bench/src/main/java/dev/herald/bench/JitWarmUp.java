package dev.herald.bench;

import java.time.Duration;
import java.util.Map;

/**
 * A warm-up that lasts until the server's JIT compilers are quiet: open-loop load at one rate for
 * at least 10 s, then in 5 s steps until the C1/C2 compiler threads used under 5% of a core over
 * the last step, at most 90 s (scaled by {@code BENCH_SCALE}). On this 2-core machine the
 * compilers take 25–65% of a core for the first 30–50 s of load on a fresh server, and latency
 * measured in that stretch is the compiler's, not the engine's (S2, S3).
 */
final class JitWarmUp {
  private JitWarmUp() {}

  /** Runs {@code load} at {@code rate} per second until the compilers are quiet; returns nanoseconds spent. */
  static long run(ServerUnderTest server, OpenLoopLoad load, int rate, BenchSettings s) throws InterruptedException {
    long t0 = System.nanoTime();
    Duration step = Duration.ofMillis(s.scaled(5_000));
    load.run(rate, Duration.ofMillis(s.scaled(10_000)));
    double quiet = Math.max(1 / CpuTicks.PER_SECOND, step.toMillis() / 1000.0 * 0.05); // 5% of a core, in seconds
    long cap = Duration.ofMillis(s.scaled(90_000)).toNanos();
    for (long elapsed = System.nanoTime() - t0; elapsed < cap; elapsed = System.nanoTime() - t0) {
      Map<String, Long> before = server.compilerTicks();
      load.run(rate, step);
      double used = CpuTicks.secondsBetween(before, server.compilerTicks());
      if (before.isEmpty() || used < quiet) {
        break;
      }
    }
    return System.nanoTime() - t0;
  }
}
