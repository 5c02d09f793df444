package dev.herald.core.provider;

import java.time.Instant;
import java.util.List;

/**
 * A durable record of sends a provider accepted, kept by the store. The simulator uses it so tests
 * and benchmarks can count duplicate sends across crashes and nodes.
 */
public interface SendJournal {
  /** One accepted send. */
  record Entry(
      String providerMessageId,
      String messageId,
      String tenantId,
      String channel,
      String recipient,
      String node,
      Instant acceptedAt) {}

  /** Durably records {@code entry}; returns once it is on disk. */
  void record(Entry entry);

  /**
   * Lists a tenant's entries in provider message id order.
   *
   * @param tenantId only this tenant's entries
   * @param messageId only this message's entries, or {@code null} for all of the tenant's
   * @param afterProviderMessageId cursor: entries after this id, or {@code null}
   * @param limit at most this many
   */
  List<Entry> list(String tenantId, String messageId, String afterProviderMessageId, int limit);

  /**
   * Notes that the provider's report for this send was handed to Herald. Asynchronous and
   * batched: losing the note only means the report is replayed, and replays are deduplicated.
   */
  void markReported(String providerMessageId, Instant at);

  /** Entries whose report was never noted, oldest first (reports a crash cut off). */
  List<Entry> unreported(int limit);

  /** Counts of entries, and of the messages recorded more than once. */
  record Summary(long sends, long distinctMessages, long messagesSentMoreThanOnce) {}

  /** Counts a tenant's entries, and its messages recorded more than once. */
  Summary summary(String tenantId);
}
