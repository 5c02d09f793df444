package dev.herald.server.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.store.MessageStore;
import java.time.Instant;
import java.util.List;

/**
 * The API's frames: one SSE event per stream event, named by its type, its JSON as data; a
 * {@code stream.gap} event when the client's {@code Last-Event-ID} is no longer held; and
 * {@code queue.stats} with the tenant's waiting and in-flight counts, in total and by channel.
 */
public final class ApiEventFormat implements EventStream.Format {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String events(List<StreamEvent> batch, EventLog log) {
    StringBuilder b = new StringBuilder();
    for (StreamEvent e : batch) {
      b.append(EventStream.frame(e.type(), log.id(e.seq()), e.data()));
    }
    return b.toString();
  }

  @Override
  public String gap(String resumeId) {
    return EventStream.frame("stream.gap", resumeId, JSON.createObjectNode()
        .put("detail", "events after the given Last-Event-ID are no longer held; re-fetch current state "
            + "(GET /v1/messages) and go on from this event")
        .toString());
  }

  @Override
  public String stats(List<MessageStore.StatusCount> counts, Instant at, String id) {
    ObjectNode data = JSON.createObjectNode().put("at", at.toString());
    ObjectNode byChannel = JSON.createObjectNode();
    long queued = 0;
    long scheduled = 0;
    long sending = 0;
    for (MessageStore.StatusCount c : counts) {
      switch (c.status()) {
        case QUEUED -> queued += c.count();
        case SCHEDULED -> scheduled += c.count();
        default -> sending += c.count();
      }
      ObjectNode ch = byChannel.has(c.channel().wireName()) ? (ObjectNode) byChannel.get(c.channel().wireName())
          : byChannel.putObject(c.channel().wireName());
      ch.put(c.status().wireName(), ch.path(c.status().wireName()).asLong() + c.count());
    }
    data.put("queued", queued).put("scheduled", scheduled).put("sending", sending).set("by_channel", byChannel);
    return EventStream.frame("queue.stats", id, data.toString());
  }
}
