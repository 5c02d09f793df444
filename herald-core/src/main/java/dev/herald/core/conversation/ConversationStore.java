package dev.herald.core.conversation;

import dev.herald.core.message.Message;
import dev.herald.core.store.Page;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable conversations (SQLite and PostgreSQL; contract suite {@code ConversationStoreContract}).
 * A contact has at most one open conversation, enforced by the database, so two nodes racing to
 * open one end up sharing it. Changes are guarded by {@link Conversation#version()}.
 */
public interface ConversationStore {

  /**
   * Stores {@code fresh} unless the contact already has an open conversation; returns the open one
   * either way.
   */
  Conversation openOrGet(Conversation fresh);

  /** The open conversation of a contact, if any. */
  Optional<Conversation> findOpen(String tenantId, String contactId);

  Optional<Conversation> find(String tenantId, String id);

  /** A tenant's conversations, newest first, optionally of one contact and/or status. */
  Page<Conversation> list(String tenantId, String contactId, ConversationStatus status, String cursor, int limit);

  /**
   * Writes {@code next} if the stored version is still {@code next.version()}; the stored version
   * then grows by one. Returns the stored conversation, or empty when someone changed it first.
   */
  Optional<Conversation> update(Conversation next);

  /**
   * Deletes the conversation unless a message (of either direction) belongs to it. Returns whether
   * it was deleted.
   */
  boolean deleteUnused(String tenantId, String id);

  /** Closes every open conversation whose expiry is before {@code now}. Returns how many. */
  int closeExpired(Instant now);

  /** The messages of a conversation, inbound and outbound on every channel, oldest first. */
  List<Message> thread(String tenantId, String conversationId, int limit);
}
