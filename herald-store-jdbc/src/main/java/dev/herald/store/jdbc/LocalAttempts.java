package dev.herald.store.jdbc;

import dev.herald.core.message.Message;
import dev.herald.core.store.Completion;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The attempts this node has claimed on PostgreSQL and not yet recorded, so that a provider's
 * report of such a send waits for our record of it instead of racing it for the row.
 *
 * <p>Without this a fast report (the simulator's comes 20 ms after the call, a real provider's can
 * come as soon as its HTTP answer) usually reaches a message still {@code sending}: the report's
 * guarded move then waits for the completion batch's row lock, finds the row changed and is
 * decided again in a later group, and the report group's own locks held meanwhile make the next
 * completion batch wait in turn. Judged after the completion, the report is one plain move.
 *
 * <p>Only this node's claims are known here; a report for another node's attempt is applied at once
 * and stays correct through the status guard. A wait ends when the lease does, counted from the
 * registration (right after the claim's commit, so a few milliseconds late at most).
 */
final class LocalAttempts {
  private record Attempt(int number, long deadlineNanos, CompletableFuture<Void> recorded) {}

  private final ConcurrentHashMap<String, Attempt> byId = new ConcurrentHashMap<>();

  /** Registers the attempts of {@code claimed} (each carries its attempt number), leased for {@code lease} from now. */
  void claimed(Collection<Message> claimed, Duration lease) {
    long deadline = System.nanoTime() + lease.toNanos();
    for (Message m : claimed) {
      byId.put(m.id(), new Attempt(m.attempts(), deadline, new CompletableFuture<>()));
    }
  }

  /** Marks the attempts whose outcomes were just committed as recorded, waking their reports. */
  void recorded(Collection<Completion> written) {
    for (Completion c : written) {
      Attempt a = byId.get(c.messageId());
      if (a != null && a.number() == c.attempt() && byId.remove(c.messageId(), a)) {
        a.recorded().complete(null);
      }
    }
  }

  /**
   * Waits until the attempt in flight on message {@code id}, if any, is recorded or its lease ends.
   *
   * @param max the longest this caller may wait
   * @return false when the attempt is still in flight after {@code max}, its lease not yet over
   */
  boolean awaitRecorded(String id, Duration max) {
    Attempt a = byId.get(id);
    if (a == null) {
      return true;
    }
    long left = Math.max(0, a.deadlineNanos() - System.nanoTime());
    try {
      a.recorded().get(Math.min(left, max.toNanos()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      if (max.toNanos() < left) {
        return false;
      }
      // No record within the lease: the next claim takes the message over; judge the report as it is.
      byId.remove(id, a);
    } catch (ExecutionException e) {
      byId.remove(id, a);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }
}
