package dev.herald.core.store;

import dev.herald.core.message.MessageStatus;

import dev.herald.core.message.Content;
import dev.herald.core.message.DeliveryAttempt;
import dev.herald.core.message.Message;
import dev.herald.core.provider.SendJournal;
import dev.herald.core.provider.StatusReport;
import dev.herald.core.provider.StatusReportSink;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage of messages, which doubles as the dispatch queue (DESIGN §4): the message row is
 * the job. Implementations: SQLite (embedded, one writer) and PostgreSQL (many nodes, claims with
 * {@code FOR UPDATE SKIP LOCKED}). One contract test suite ({@code MessageStoreContract}) holds
 * every implementation to the same behaviour.
 *
 * <p>Every read and change is scoped by tenant where the caller is a tenant; engine-side calls
 * (claim, complete, reap, reports) are not. All times are UTC instants from the engine's clock.
 */
public interface MessageStore extends AutoCloseable {

  /** An idempotency key and the hash of the request that used it. */
  record IdempotencyClaim(String key, String requestHash) {}

  /** What {@link #insert} did. */
  sealed interface InsertResult {
    /**
     * The messages were stored (and the key, if any, recorded), as accepted ({@code queued} or
     * {@code scheduled}); {@code claimed} holds those of them stored already claimed for the
     * inserting node ({@link ClaimAtInsert}), as claimed: {@code sending}, attempt 1.
     */
    record Inserted(List<Message> messages, List<Message> claimed) implements InsertResult {
      public Inserted {
        messages = List.copyOf(messages);
        claimed = List.copyOf(claimed);
      }

      /** Stored, none claimed. */
      public Inserted(List<Message> messages) {
        this(messages, List.of());
      }
    }

    /** The key was used before with the same request: these are the messages it created. */
    record Replayed(List<Message> messages) implements InsertResult {}

    /** The key was used before with a different request. */
    record KeyReused() implements InsertResult {}
  }

  /**
   * Stores new messages, all or none, in one transaction, with their first timeline entry. When
   * {@code idempotency} is given, records it in the same transaction, or returns the earlier result.
   * On return the messages are durable; other nodes (PostgreSQL) are notified right after when any
   * of them is left waiting in the queue.
   */
  default InsertResult insert(String tenantId, List<Message> messages, IdempotencyClaim idempotency) {
    return insert(tenantId, messages, idempotency, null);
  }

  /**
   * Claims taken in the insert itself: up to {@code max} of the new messages that are
   * {@code queued} and due at {@code now}, highest priority first (then in request order), are
   * stored already claimed by {@code node} (attempt 1, leased until {@code leaseUntil}, the claim
   * on their timeline after the acceptance), as {@link #claimDue} would have claimed them a moment
   * later, without the claim's statement, its transaction and the wake-up before it.
   */
  record ClaimAtInsert(String node, Instant now, Instant leaseUntil, int max) {}

  /**
   * Whether {@link #insert(String, List, IdempotencyClaim, ClaimAtInsert)} claims at all (so that
   * callers reserve no workers for a store that never does).
   */
  default boolean claimsAtInsert() {
    return false;
  }

  /**
   * {@link #insert(String, List, IdempotencyClaim)}, claiming as {@code claim} asks (or not at all
   * when it is {@code null}). A store may claim fewer than asked, or none: the embedded store, whose
   * claims are reads of its own index, claims none. A replayed request claims nothing.
   */
  InsertResult insert(String tenantId, List<Message> messages, IdempotencyClaim idempotency, ClaimAtInsert claim);

  /** The message with its timeline, if it exists for this tenant. */
  Optional<Message> find(String tenantId, String messageId);

  /** Every delivery attempt of the message, oldest first. */
  List<DeliveryAttempt> attempts(String messageId);

  /** The provider callbacks stored for a message, oldest first. */
  List<dev.herald.core.message.MessageEvent> events(String messageId);

  /** Messages of a tenant matching {@code query}, newest first. */
  Page<Message> list(String tenantId, MessageQuery query);

  /** How many of a tenant's messages are in one status on one channel. */
  record StatusCount(dev.herald.core.message.Channel channel, MessageStatus status, long count) {}

  /**
   * A tenant's messages created at or after {@code createdFrom}, counted by channel and status
   * (as {@link #find} would show them, except that the embedded store counts a message in flight as
   * {@code queued}); only non-zero counts are returned.
   */
  List<StatusCount> countByStatus(String tenantId, Instant createdFrom);

  /**
   * Claims up to {@code limit} due messages ({@code queued} or {@code scheduled} with
   * {@code due_at ≤ now}), highest priority first then oldest due, in one statement: each moves to
   * {@code sending}, its attempt count grows by one, and it carries a lease for {@code node} until
   * {@code leaseUntil}. Messages claimed by another node are skipped, never waited for. A store may
   * also take over here a message whose lease ran out before {@code now} (its node died), as its
   * next attempt, instead of leaving it to {@link #reapExpiredLeases}.
   */
  List<Message> claimDue(String node, Instant now, Instant leaseUntil, int limit);

  /**
   * Writes the outcomes of claimed messages in one transaction, with their delivery attempts.
   * Each write is guarded by the claim (node, attempt number): an outcome whose lease was lost is
   * dropped. Returns how many outcomes took effect.
   */
  int complete(List<Completion> completions);

  /**
   * Makes due again every {@code sending} message whose lease ended before {@code cutoff}
   * (its node died). Returns how many. Leases that {@link #claimDue} takes over itself are not
   * counted here (none may be left for this to find).
   */
  int reapExpiredLeases(Instant cutoff, Instant now);

  /**
   * Cancels a queued or scheduled message.
   *
   * @throws dev.herald.core.error.NotFoundException when there is no such message
   * @throws dev.herald.core.error.ConflictException when it is past {@code queued}
   */
  Message cancel(String tenantId, String messageId, Instant now);

  /**
   * An operator's retry of a {@code failed} or {@code dead_lettered} message: back to {@code queued},
   * due now, optionally with edited content, and with a fresh retry budget of {@code maxAttempts}
   * attempts counted from here: {@link Message#attemptsBeforeRetry} becomes the attempts made so
   * far, which keep their numbers (the next attempt is numbered after them). The timeline entry
   * names {@code retriedBy} and the budget granted.
   *
   * @param maxAttempts attempts the retried run may make, stored as {@link Message#maxAttempts}
   * @param retriedBy who retried, as the timeline names them (e.g. {@code API key hk_AbCd…}), or
   *     {@code null} when unknown
   * @throws dev.herald.core.error.NotFoundException when there is no such message
   * @throws dev.herald.core.error.ConflictException when its status allows no retry
   */
  Message requeue(String tenantId, String messageId, Content edit, int maxAttempts, String retriedBy, Instant now);

  /**
   * Stores a status report as a message event (deduplicated by provider and event key) and applies
   * it through {@link dev.herald.core.message.StatusTransitions}.
   */
  StatusReportSink.Outcome applyReport(StatusReport report, Instant now);

  /**
   * When the latest inbound message on {@code channel} from {@code from} (a normalised address)
   * reached the tenant, if any.
   */
  Optional<Instant> lastInboundAt(String tenantId, dev.herald.core.message.Channel channel, String from);

  /** The earliest {@code due_at} of a waiting message, if any (a message in flight may count). */
  Optional<Instant> nextDueAt();

  /**
   * Whether the database answers now, and takes writes: answered within the store's configured
   * wait whatever the database does (no answer by then is {@link StoreHealth.Database#DOWN}).
   */
  StoreHealth health();

  /** The tenant owning the API key with this SHA-256 hex hash. */
  Optional<String> tenantForApiKey(String keyHash);

  /** Where a stored API key came from, which decides what may replace it. */
  enum ApiKeyOrigin {
    /** {@code api_key} of the configuration: a different configured key replaces it at start. */
    CONFIGURED,
    /** Generated at a start without {@code api_key} on a store holding no key: a configured key replaces it. */
    GENERATED,
    /** Stored otherwise (by an application embedding Herald, by tests): no configured key replaces it. */
    ADDED
  }

  /**
   * Stores an API key's hash for a tenant (creating the tenant when new); a key stored already is
   * left as it is.
   */
  void addApiKey(String tenantId, String keyHash, String keyPrefix, ApiKeyOrigin origin, Instant now);

  /**
   * Makes {@code keyHash} the configured key, of {@code tenantId}, and deletes every other key of that tenant of
   * origin {@link ApiKeyOrigin#CONFIGURED} or {@link ApiKeyOrigin#GENERATED}, in one transaction.
   *
   * @return the prefixes of the keys deleted
   */
  List<String> replaceConfiguredApiKey(String tenantId, String keyHash, String keyPrefix, Instant now);

  /** How many API keys exist. */
  long apiKeyCount();

  /** The durable journal providers may use. */
  SendJournal sendJournal();

  /**
   * Registers a callback run when another node announces new due work (PostgreSQL
   * {@code LISTEN/NOTIFY}); a single-node store never calls it.
   */
  void onRemoteWork(Runnable callback);

  @Override
  void close();
}
