package dev.herald.core.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.error.ConflictException;
import dev.herald.core.error.NotFoundException;
import dev.herald.core.error.ValidationException;
import dev.herald.core.json.JsonLimits;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageIds;
import dev.herald.core.store.Page;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Opens, reads and changes conversations. Every change is a read-modify-write guarded by the
 * conversation's version and retried when another writer got there first, so concurrent context
 * merges from several channels all land.
 */
public final class ConversationService {
  private static final int MAX_RACES = 20;
  /** Most messages returned in one thread. */
  public static final int MAX_THREAD = 1_000;

  private final ConversationStore store;
  private final Clock clock;
  private final Duration ttl;
  private final JsonLimits contextLimits;

  /**
   * @param ttl how long a conversation stays open after its last activity
   * @param contextLimits the largest context, and merge patch, a conversation takes
   */
  public ConversationService(ConversationStore store, Clock clock, Duration ttl, JsonLimits contextLimits) {
    this.store = store;
    this.clock = clock;
    this.ttl = ttl;
    this.contextLimits = contextLimits;
  }

  /** What {@link #open} did. */
  public record Opened(Conversation conversation, boolean created) {}

  /**
   * The contact's open conversation, extended by this activity, or a new one when it has none (or
   * its open one has expired and not been swept yet).
   */
  public Opened open(String tenantId, String contactId) {
    Instant now = clock.instant();
    Optional<Conversation> open = store.findOpen(tenantId, contactId);
    if (open.isPresent() && open.get().expiresAt().isBefore(now)) {
      store.closeExpired(now);
      open = Optional.empty();
    }
    if (open.isPresent()) {
      return new Opened(touch(tenantId, open.get().id()), false);
    }
    Conversation fresh = new Conversation(MessageIds.next(), tenantId, contactId, ConversationStatus.ACTIVE, null,
        List.of(), now.plus(ttl), now, now, null, 0);
    Conversation stored = store.openOrGet(fresh);
    return new Opened(stored, stored.id().equals(fresh.id()));
  }

  /**
   * Like {@link #open(String, String)}, with {@code context} merged into the conversation's context
   * (RFC 7396). A context the limits refuse, alone or merged into the open conversation's, opens,
   * extends and changes nothing.
   *
   * @param context a JSON object, or {@code null} for none
   */
  public Opened open(String tenantId, String contactId, JsonNode context) {
    if (context == null) {
      return open(tenantId, contactId);
    }
    checkPatch(context);
    JsonNode current = store.findOpen(tenantId, contactId).map(Conversation::context).orElse(null);
    contextLimits.check(JsonMergePatch.apply(current, context), "context");
    Opened opened = open(tenantId, contactId);
    try {
      return new Opened(mergeContext(tenantId, opened.conversation().id(), context), opened.created());
    } catch (RuntimeException e) {
      if (opened.created()) {
        discardUnused(tenantId, opened.conversation().id());
      }
      throw e;
    }
  }

  /**
   * Deletes a conversation that no message has joined, as if it had never been opened: what an
   * accept that stored nothing does to a conversation it opened. Returns whether it was deleted.
   */
  public boolean discardUnused(String tenantId, String id) {
    return store.deleteUnused(tenantId, id);
  }

  /** @throws NotFoundException when the tenant has no such conversation */
  public Conversation get(String tenantId, String id) {
    return store.find(tenantId, id).orElseThrow(() -> new NotFoundException("no conversation " + id));
  }

  /**
   * An open conversation a message may join.
   *
   * @throws ValidationException naming {@code field} when it does not exist
   * @throws ConflictException when it is closed
   */
  public Conversation openForMessage(String tenantId, String id, String field) {
    Conversation c = store.find(tenantId, id).orElseThrow(() -> new ValidationException(field, "no conversation " + id));
    if (!c.status().isOpen()) {
      throw new ConflictException("conversation " + id + " is closed; messages can no longer join it");
    }
    return c;
  }

  public Page<Conversation> list(String tenantId, String contactId, ConversationStatus status, String cursor, int limit) {
    return store.list(tenantId, contactId, status, cursor, limit);
  }

  /** Moves an open conversation to {@code status}; closing is final. */
  public Conversation setStatus(String tenantId, String id, ConversationStatus status) {
    return change(tenantId, id, c -> c.withStatus(status, clock.instant()));
  }

  /** Extends the expiry of an open conversation after activity. */
  public Conversation touch(String tenantId, String id) {
    return change(tenantId, id, c -> c.touched(clock.instant(), ttl));
  }

  /**
   * Merges {@code patch} into the context (RFC 7396) and counts as activity. Neither the patch nor
   * the merged context may pass the context limits, so no run of merges grows a context without end.
   *
   * @throws ValidationException naming {@code context} when the patch is not a JSON object, or it or
   *     the merged context nests too deeply
   * @throws dev.herald.core.error.ContentTooLargeException naming {@code context} when either is too large
   */
  public Conversation mergeContext(String tenantId, String id, JsonNode patch) {
    checkPatch(patch);
    return change(tenantId, id, c -> {
      ObjectNode merged = (ObjectNode) JsonMergePatch.apply(c.context(), patch);
      contextLimits.check(merged, "context");
      return c.withContext(merged, clock.instant()).touched(clock.instant(), ttl);
    });
  }

  private void checkPatch(JsonNode patch) {
    if (patch == null || !patch.isObject()) {
      throw new ValidationException("context", "a merge patch for a conversation context must be a JSON object");
    }
    contextLimits.check(patch, "context");
  }

  public Conversation addParticipant(String tenantId, String id, String participant) {
    if (participant == null || participant.isBlank() || participant.length() > 200) {
      throw new ValidationException("participant", "must be 1 to 200 characters");
    }
    return change(tenantId, id, c -> {
      List<String> next = new ArrayList<>(c.participants());
      if (!next.contains(participant)) {
        next.add(participant);
      }
      return c.withParticipants(next, clock.instant());
    });
  }

  public Conversation removeParticipant(String tenantId, String id, String participant) {
    return change(tenantId, id, c -> {
      if (!c.participants().contains(participant)) {
        throw new NotFoundException("conversation " + id + " has no participant '" + participant + "'");
      }
      List<String> next = new ArrayList<>(c.participants());
      next.remove(participant);
      return c.withParticipants(next, clock.instant());
    });
  }

  /** The conversation's messages on every channel, oldest first. */
  public List<Message> thread(String tenantId, String id) {
    get(tenantId, id);
    return store.thread(tenantId, id, MAX_THREAD);
  }

  /** Closes expired conversations (the background sweep). Returns how many. */
  public int closeExpired() {
    return store.closeExpired(clock.instant());
  }

  private Conversation change(String tenantId, String id, UnaryOperator<Conversation> step) {
    for (int race = 0; race < MAX_RACES; race++) {
      Conversation current = get(tenantId, id);
      if (!current.status().isOpen()) {
        throw new ConflictException("conversation " + id + " is closed and can no longer change");
      }
      Optional<Conversation> stored = store.update(step.apply(current));
      if (stored.isPresent()) {
        return stored.get();
      }
    }
    throw new ConflictException("conversation " + id + " is changing too often to update; try again");
  }
}
