package dev.herald.core.provider;

import dev.herald.core.message.Channel;
import dev.herald.core.message.Message;
import java.util.Set;

/**
 * A concrete service that delivers messages on one or more channels (Twilio, SMTP, the simulator).
 * Instances are created by a {@link ChannelProviderFactory} found through {@link java.util.ServiceLoader}.
 *
 * <p>{@link #send} is called on a virtual thread, concurrently, at most {@link #maxConcurrency()}
 * at a time; it must not throw for delivery problems but return a {@link DeliveryOutcome}. An
 * unexpected exception is treated by the dispatcher as a transient failure.
 */
public interface ChannelProvider extends AutoCloseable {
  /** Stable id, as used in configuration and in delivery attempts (e.g. {@code twilio}). */
  String id();

  /** The channels this provider can deliver on. */
  Set<Channel> channels();

  /** Hands {@code message} to the provider; blocks for the duration of the provider call. */
  DeliveryOutcome send(Message message);

  /** Most concurrent {@link #send} calls this provider account accepts. */
  default int maxConcurrency() {
    return 64;
  }

  /**
   * The token buckets a send of {@code message} must pass, e.g. the account's and the sender
   * number's documented throughput. Empty when the provider imposes none.
   */
  default java.util.List<dev.herald.core.ratelimit.RateLimit> rateLimits(Message message) {
    return java.util.List.of();
  }

  /**
   * The receiver for this provider's callbacks at {@code /webhooks/{id}/...}, or {@code null} when
   * it sends none.
   */
  default WebhookReceiver webhookReceiver() {
    return null;
  }

  /** Releases clients and threads. */
  @Override
  default void close() {}
}
