package dev.herald.server.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.store.jdbc.EventRelay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares a node's events with the other nodes of a PostgreSQL cluster: the events this node records
 * are gathered for {@link #GATHER} and sent in as few {@code NOTIFY} payloads as fit, and the events
 * other nodes send are appended to this node's {@link EventLog}, so a stream on any node shows the
 * changes made on every node. A node skips its own payloads when they come back.
 */
final class SharedEvents implements AutoCloseable {
  static final Duration GATHER = Duration.ofMillis(100);
  private static final Logger LOG = LoggerFactory.getLogger(SharedEvents.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventRelay relay;
  private final EventLog log;
  private final String node;
  private final LinkedBlockingQueue<ObjectNode> outbox = new LinkedBlockingQueue<>();
  private final Thread sender;
  private volatile boolean running = true;

  SharedEvents(EventRelay relay, EventLog log, String node) {
    this.relay = relay;
    this.log = log;
    this.node = node;
    relay.listen(this::received);
    this.sender = Thread.ofVirtual().name("herald-events-share").start(this::send);
  }

  /** Queues a locally recorded event for the other nodes. */
  void share(String tenantId, String type, String messageId, String data, Instant at) {
    outbox.add(JSON.createObjectNode().put("t", tenantId).put("y", type).put("m", messageId).put("d", data)
        .put("a", at.toEpochMilli()));
  }

  private void send() {
    List<ObjectNode> batch = new ArrayList<>();
    while (running || !outbox.isEmpty()) {
      try {
        ObjectNode first = outbox.poll(500, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        Thread.sleep(GATHER.toMillis());
        batch.add(first);
        outbox.drainTo(batch);
        publish(batch);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("sharing {} events with the other nodes failed; they are seen on this node only", batch.size(), e);
      }
      batch.clear();
    }
  }

  /** Sends the batch in payloads under PostgreSQL's limit. */
  private void publish(List<ObjectNode> batch) {
    ObjectNode payload = newPayload();
    int size = payload.toString().length();
    for (ObjectNode e : batch) {
      int bytes = e.toString().getBytes(StandardCharsets.UTF_8).length + 1;
      if (size + bytes > EventRelay.MAX_PAYLOAD_BYTES && !payload.withArray("e").isEmpty()) {
        relay.publish(payload.toString());
        payload = newPayload();
        size = payload.toString().length();
      }
      payload.withArray("e").add(e);
      size += bytes;
    }
    if (!payload.withArray("e").isEmpty()) {
      relay.publish(payload.toString());
    }
  }

  private ObjectNode newPayload() {
    ObjectNode p = JSON.createObjectNode().put("n", node);
    p.putArray("e");
    return p;
  }

  private void received(String payload) {
    try {
      JsonNode p = JSON.readTree(payload);
      if (node.equals(p.path("n").asText())) {
        return;
      }
      for (JsonNode e : (ArrayNode) p.get("e")) {
        log.append(e.get("t").asText(), e.get("y").asText(), e.get("m").asText(), e.get("d").asText(),
            Instant.ofEpochMilli(e.get("a").asLong()));
      }
    } catch (Exception e) {
      LOG.warn("an events payload from another node could not be read; skipped", e);
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      sender.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    relay.close();
  }
}
