package dev.herald.server.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A node's recent events in a ring of fixed capacity, numbered from 1 in order of append. Stream
 * ids are {@code <epoch>-<seq>}: the epoch names this log, so an id from before a restart (or
 * from another node) is recognised as unknown rather than misread as a place in this log.
 *
 * <p>Invariant: the ring holds exactly the events numbered {@code max(1, next - capacity)} to
 * {@code next - 1}; a reader after any of those (or after {@code 0} while nothing was dropped)
 * misses nothing.
 */
public final class EventLog {
  private final StreamEvent[] ring;
  private final String epoch;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition appended = lock.newCondition();
  private long next = 1;
  private boolean closed;

  /** What a reader gets: events after its place, or word that its place is no longer held. */
  public record Read(List<StreamEvent> events, boolean gap, long last) {}

  /**
   * @param capacity how many events are kept for readers that reconnect
   * @param epoch distinguishes this log's ids from those of another run or node
   */
  public EventLog(int capacity, String epoch) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.ring = new StreamEvent[capacity];
    this.epoch = epoch;
  }

  /** Appends an event and wakes every waiting reader; returns it with its number. */
  public StreamEvent append(String tenantId, String type, String messageId, String data, java.time.Instant at) {
    lock.lock();
    try {
      StreamEvent e = new StreamEvent(next, tenantId, type, messageId, data, at);
      ring[(int) (next % ring.length)] = e;
      next++;
      appended.signalAll();
      return e;
    } finally {
      lock.unlock();
    }
  }

  /** The stream id of an event of this log. */
  public String id(long seq) {
    return epoch + "-" + seq;
  }

  /** The latest number appended so far (0 when none). */
  public long head() {
    lock.lock();
    try {
      return next - 1;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The place a {@code Last-Event-ID} names in this log, or -1 when it is not one of this log's ids
   * (another epoch, or malformed): the reader must then be told it missed events.
   */
  public long place(String lastEventId) {
    if (lastEventId == null || !lastEventId.startsWith(epoch + "-")) {
      return -1;
    }
    try {
      long seq = Long.parseLong(lastEventId.substring(epoch.length() + 1));
      return seq >= 0 && seq <= head() ? seq : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Up to {@code max} of the tenant's events after {@code after}. {@code gap} is true when events
   * after {@code after} were already dropped from the ring; the read then starts at the oldest held.
   * {@code last} is the number to read after next time (it passes other tenants' events).
   */
  public Read read(long after, String tenantId, int max) {
    lock.lock();
    try {
      long oldest = Math.max(1, next - ring.length);
      boolean gap = after + 1 < oldest;
      long from = Math.max(after + 1, oldest);
      List<StreamEvent> out = new ArrayList<>();
      long seq = from;
      for (; seq < next && out.size() < max; seq++) {
        StreamEvent e = ring[(int) (seq % ring.length)];
        if (e.tenantId().equals(tenantId)) {
          out.add(e);
        }
      }
      return new Read(out, gap, seq - 1);
    } finally {
      lock.unlock();
    }
  }

  /** Waits until an event after {@code after} is appended, the log closes, or the wait ends. */
  public void awaitAfter(long after, Duration wait) throws InterruptedException {
    lock.lock();
    try {
      long nanos = wait.toNanos();
      while (!closed && next - 1 <= after && nanos > 0) {
        nanos = appended.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Ends every wait; readers should then stop. */
  public void close() {
    lock.lock();
    try {
      closed = true;
      appended.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public boolean closed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

}
