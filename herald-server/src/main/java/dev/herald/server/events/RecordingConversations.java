package dev.herald.server.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.conversation.Conversation;
import dev.herald.core.conversation.ConversationStatus;
import dev.herald.core.conversation.ConversationStore;
import dev.herald.core.message.Message;
import dev.herald.core.store.Page;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A {@link ConversationStore} that records {@code conversation.updated} for every stored change of
 * a conversation (status, context, participants, expiry), after the write. Not recorded: a
 * conversation's opening (it may be discarded when the message that opened it is refused) and the
 * sweep that closes expired ones ({@link #closeExpired} does not say which).
 */
public final class RecordingConversations implements ConversationStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ConversationStore store;
  private final RecordingStore.Sink sink;

  public RecordingConversations(ConversationStore store, RecordingStore.Sink sink) {
    this.store = store;
    this.sink = sink;
  }

  @Override
  public Optional<Conversation> update(Conversation next) {
    Optional<Conversation> stored = store.update(next);
    stored.ifPresent(c -> sink.append(c.tenantId(), "conversation.updated", c.id(), JSON.createObjectNode()
        .put("id", c.id()).put("contact_id", c.contactId()).put("status", c.status().wireName())
        .put("version", c.version()).put("expires_at", String.valueOf(c.expiresAt()))
        .put("at", String.valueOf(c.updatedAt())).toString(), c.updatedAt() == null ? Instant.EPOCH : c.updatedAt()));
    return stored;
  }

  @Override
  public Conversation openOrGet(Conversation fresh) {
    return store.openOrGet(fresh);
  }

  @Override
  public Optional<Conversation> findOpen(String tenantId, String contactId) {
    return store.findOpen(tenantId, contactId);
  }

  @Override
  public Optional<Conversation> find(String tenantId, String id) {
    return store.find(tenantId, id);
  }

  @Override
  public Page<Conversation> list(String tenantId, String contactId, ConversationStatus status, String cursor, int limit) {
    return store.list(tenantId, contactId, status, cursor, limit);
  }

  @Override
  public boolean deleteUnused(String tenantId, String id) {
    return store.deleteUnused(tenantId, id);
  }

  @Override
  public int closeExpired(Instant now) {
    return store.closeExpired(now);
  }

  @Override
  public List<Message> thread(String tenantId, String conversationId, int limit) {
    return store.thread(tenantId, conversationId, limit);
  }
}
