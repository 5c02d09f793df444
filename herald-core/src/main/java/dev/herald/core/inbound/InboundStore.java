package dev.herald.core.inbound;

import dev.herald.core.message.Message;
import java.time.Instant;
import java.util.Optional;

/**
 * Storage of inbound messages in the message store (direction {@code inbound}), unique per provider
 * and provider message id so a redelivered webhook stores nothing new.
 */
public interface InboundStore {
  /** The stored message and whether this call stored it. */
  record Stored(Message message, boolean created) {}

  /** Stores {@code m} unless a message with its provider and provider message id exists. */
  Stored insertIfNew(Message m);

  /**
   * Marks the outbound message {@code inbound} answers as replied: the latest outbound message of
   * {@code inbound}'s conversation on its channel to the address it came from gets a
   * {@code replied} event naming {@code inbound} (in its events, and on its timeline as an entry
   * that keeps its status). Its status does not change. Returns the replied message's id, if any.
   */
  Optional<String> markReplied(Message inbound, Instant at);

  /** Any message (either direction) by its provider's id. */
  Optional<Message> findByProviderId(String provider, String providerMessageId);

  /** Any message by Herald's id, whatever its tenant (engine-side lookups). */
  Optional<Message> findById(String messageId);

  /** Records on an inbound message that answering it failed (visible as its {@code error}). */
  void recordResponderFailure(String messageId, String code, String reason, Instant at);
}
