package dev.herald.core.dispatch;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A level-triggered wake-up: {@link #signal()} sets a flag and wakes a waiter; {@link #await}
 * returns at once when the flag is set (and clears it), so a signal sent while the dispatcher was
 * busy is never lost.
 */
public final class WakeUpSignal {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private boolean pending;

  /** Announces new work. Cheap; safe from any thread. */
  public void signal() {
    lock.lock();
    try {
      pending = true;
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Waits up to {@code timeout} for a signal; returns whether one came. */
  public boolean await(Duration timeout) throws InterruptedException {
    lock.lock();
    try {
      long nanos = timeout.toNanos();
      while (!pending && nanos > 0) {
        nanos = changed.awaitNanos(nanos);
      }
      boolean woken = pending;
      pending = false;
      return woken;
    } finally {
      lock.unlock();
    }
  }
}
