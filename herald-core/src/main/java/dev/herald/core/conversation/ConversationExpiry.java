package dev.herald.core.conversation;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background job closing expired conversations, every {@code interval}. Closing is one guarded
 * statement, so several nodes running it at once close each conversation once.
 */
public final class ConversationExpiry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConversationExpiry.class);

  private final ConversationService conversations;
  private final Duration interval;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      r -> Thread.ofPlatform().name("herald-conversation-expiry").daemon().unstarted(r));

  public ConversationExpiry(ConversationService conversations, Duration interval) {
    this.conversations = conversations;
    this.interval = interval;
  }

  public void start() {
    timer.scheduleWithFixedDelay(this::sweep, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Closes what has expired now; returns how many. */
  public int sweep() {
    try {
      int closed = conversations.closeExpired();
      if (closed > 0) {
        LOG.info("closed {} expired conversations", closed);
      }
      return closed;
    } catch (RuntimeException e) {
      LOG.warn("closing expired conversations failed", e);
      return 0;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
