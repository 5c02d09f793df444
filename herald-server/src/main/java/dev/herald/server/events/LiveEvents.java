package dev.herald.server.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.event.EventBus;
import dev.herald.core.event.InboundMessageReceived;
import dev.herald.core.message.Message;
import dev.herald.core.store.MessageStore;
import dev.herald.store.jdbc.EventRelay;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * A node's live events: the {@link EventLog}, the {@link RecordingStore} view through which the
 * engine's writes reach it, and the inbound messages announced on the {@link EventBus}.
 */
public final class LiveEvents implements AutoCloseable {
  /** Events kept for clients that reconnect. */
  public static final int CAPACITY = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventLog log = new EventLog(CAPACITY, UUID.randomUUID().toString().substring(0, 8));
  private final RecordingStore store;
  private final EventStream stream;
  private final AutoCloseable inbound;
  private final SharedEvents shared;

  /**
   * Records what goes through {@link #store()} and what {@code bus} announces.
   *
   * @param relay carries events to and from the other nodes (PostgreSQL), or {@code null} on a lone node
   * @param node this node's id, which marks the events it shares
   */
  public LiveEvents(MessageStore store, EventBus bus, Clock clock, EventRelay relay, String node) {
    this.shared = relay == null ? null : new SharedEvents(relay, log, node);
    this.store = new RecordingStore(store, this::record);
    this.stream = new EventStream(log, store, clock);
    this.inbound = bus.subscribe(InboundMessageReceived.class, e -> {
      Message m = e.message();
      record(m.tenantId(), "inbound.received", m.id(), JSON.createObjectNode().put("id", m.id())
          .put("channel", m.channel().wireName()).put("from", m.from()).put("conversation_id", m.conversationId())
          .put("contact_id", m.contactId()).put("at", m.createdAt().toString()).toString(), m.createdAt());
    });
  }

  /** An event of this node: into its log, and to the other nodes. */
  private void record(String tenantId, String type, String messageId, String data, Instant at) {
    log.append(tenantId, type, messageId, data, at);
    if (shared != null) {
      shared.share(tenantId, type, messageId, data, at);
    }
  }

  /** {@code conversations} as a store whose changes are recorded as {@code conversation.updated}. */
  public dev.herald.core.conversation.ConversationStore conversations(dev.herald.core.conversation.ConversationStore conversations) {
    return new RecordingConversations(conversations, this::record);
  }

  /** The store to hand to the engine, so that its writes are recorded. */
  public MessageStore store() {
    return store;
  }

  public EventStream stream() {
    return stream;
  }

  /** Ends every open stream. */
  @Override
  public void close() {
    log.close();
    if (shared != null) {
      shared.close();
    }
    try {
      inbound.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
