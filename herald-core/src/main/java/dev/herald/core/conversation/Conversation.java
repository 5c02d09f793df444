package dev.herald.core.conversation;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * A session with one contact across channels (DESIGN §2). At most one conversation per contact is
 * open at a time. Its expiry slides: any activity moves {@code expiresAt} to activity + TTL.
 *
 * @param context a JSON object any channel or caller reads and merges into (RFC 7396); a copy
 * @param participants who takes part besides the contact (agent ids, user ids), in order of joining
 * @param version grows by one with every change; guards concurrent merges
 */
public record Conversation(
    String id,
    String tenantId,
    String contactId,
    ConversationStatus status,
    ObjectNode context,
    List<String> participants,
    Instant expiresAt,
    Instant createdAt,
    Instant updatedAt,
    Instant closedAt,
    long version) {

  public Conversation {
    context = context == null ? JsonNodeFactory.instance.objectNode() : context.deepCopy();
    participants = participants == null ? List.of() : List.copyOf(participants);
  }

  @Override
  public ObjectNode context() {
    return context.deepCopy();
  }

  /** This conversation after activity at {@code now}: expiry moved to {@code now + ttl}. */
  public Conversation touched(Instant now, java.time.Duration ttl) {
    return new Conversation(id, tenantId, contactId, status, context, participants, now.plus(ttl), createdAt, now,
        closedAt, version);
  }

  /** This conversation with another status (closing stamps {@code closedAt}). */
  public Conversation withStatus(ConversationStatus next, Instant now) {
    return new Conversation(id, tenantId, contactId, next, context, participants, expiresAt, createdAt, now,
        next == ConversationStatus.CLOSED ? now : null, version);
  }

  public Conversation withContext(ObjectNode next, Instant now) {
    return new Conversation(id, tenantId, contactId, status, next, participants, expiresAt, createdAt, now, closedAt,
        version);
  }

  public Conversation withParticipants(List<String> next, Instant now) {
    return new Conversation(id, tenantId, contactId, status, context, next, expiresAt, createdAt, now, closedAt,
        version);
  }
}
