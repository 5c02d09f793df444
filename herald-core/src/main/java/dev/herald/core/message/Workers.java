package dev.herald.core.message;

import java.time.Duration;
import java.util.List;

/**
 * This node's worker pool as the accept path sees it ({@link dev.herald.core.dispatch.Dispatcher}):
 * it is woken when new due work is stored, and it may take messages stored already claimed for it,
 * so that a message accepted while workers are free goes to its provider without a claim.
 */
public interface Workers {
  /** No worker pool: nothing is woken, nothing reserved. */
  Workers NONE = new Workers() {
    @Override
    public void wakeUp() {}

    @Override
    public int reserve(int wanted) {
      return 0;
    }

    @Override
    public void release(int reserved) {}

    @Override
    public void dispatch(List<Message> claimed) {
      throw new IllegalStateException("no workers to dispatch " + claimed.size() + " messages to");
    }

    @Override
    public String node() {
      return "none";
    }

    @Override
    public Duration lease() {
      return Duration.ZERO;
    }
  };

  /** Announces new due work (a message was accepted or re-queued). Cheap; never blocks. */
  void wakeUp();

  /**
   * Reserves up to {@code wanted} free workers for messages being accepted now; returns how many
   * (0 to {@code wanted}). None while messages wait in the queue: those were accepted first, and
   * a newcomer must not overtake them.
   */
  int reserve(int wanted);

  /** Gives back {@code reserved} workers that were not used. */
  void release(int reserved);

  /** Sends messages stored already claimed for {@link #node()}, one reserved worker each. */
  void dispatch(List<Message> claimed);

  /** This node's id, recorded on claims. */
  String node();

  /** How long a claim is leased for. */
  Duration lease();
}
