package dev.herald.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.herald.core.message.DeliveryAttempt;
import dev.herald.core.message.Message;
import dev.herald.core.message.StatusChange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** The API's JSON view of messages: snake_case fields, RFC 3339 UTC times. */
final class MessageJson {
  static final ObjectMapper JSON = new ObjectMapper();

  private MessageJson() {}

  /** The summary of {@code m} as a tree, for bodies that add to it ({@link #detail}); hot routes stream it with {@link #writeSummary}. */
  static ObjectNode summary(Message m) {
    try (TokenBuffer b = new TokenBuffer(JSON, false)) {
      writeSummary(b, m);
      return JSON.readTree(b.asParser());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes the summary of {@code m} as one JSON object: the fields a {@code 202}, a list page and
   * a batch answer carry for each message. Streamed rather than built as a tree: a batch answer
   * holds 1,000 of them, and building and then walking a tree of ~30 nodes each was a third of the
   * server's CPU per batch (BENCHMARKS.md, S2).
   */
  static void writeSummary(JsonGenerator g, Message m) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", m.id());
    g.writeStringField("status", m.status().wireName());
    g.writeStringField("channel", m.channel().wireName());
    g.writeStringField("direction", m.direction().name().toLowerCase());
    g.writeStringField("to", m.to());
    g.writeStringField("from", m.from());
    g.writeStringField("body", m.content().text());
    if (m.content().subject() != null) {
      g.writeStringField("subject", m.content().subject());
    }
    if (m.content().html() != null) {
      g.writeStringField("html", m.content().html());
    }
    if (m.channel() == dev.herald.core.message.Channel.SMS && m.content().text() != null) {
      var parts = dev.herald.core.template.SmsEncoding.measure(m.content().text());
      g.writeStringField("encoding", parts.encoding().wireName());
      g.writeNumberField("segments", parts.segments());
    }
    g.writeStringField("category", m.category().wireName());
    g.writeStringField("priority", m.priority().wireName());
    g.writeStringField("send_at", time(m.sendAt()));
    g.writeStringField("expires_at", time(m.expiresAt()));
    g.writeObjectFieldStart("metadata");
    for (var e : m.metadata().entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
    g.writeNumberField("attempts", m.attempts());
    g.writeNumberField("max_attempts", m.maxAttempts());
    g.writeNumberField("attempts_before_retry", m.attemptsBeforeRetry());
    g.writeStringField("next_attempt_at", m.status().isWaiting() ? time(m.dueAt()) : null);
    g.writeStringField("provider", m.provider());
    g.writeStringField("provider_message_id", m.providerMessageId());
    if (m.errorCode() != null || m.errorReason() != null) {
      g.writeObjectFieldStart("error");
      g.writeStringField("code", m.errorCode());
      g.writeStringField("reason", m.errorReason());
      g.writeEndObject();
    } else {
      g.writeNullField("error");
    }
    if (m.cost() != null) {
      g.writeObjectFieldStart("cost");
      g.writeStringField("amount", m.cost().toPlainString());
      g.writeStringField("currency", m.costCurrency());
      g.writeEndObject();
    } else {
      g.writeNullField("cost");
    }
    g.writeStringField("idempotency_key", m.idempotencyKey());
    g.writeStringField("contact_id", m.contactId());
    g.writeStringField("conversation_id", m.conversationId());
    g.writeStringField("created_at", time(m.createdAt()));
    g.writeStringField("updated_at", time(m.updatedAt()));
    String self = "/v1/messages/" + m.id();
    g.writeObjectFieldStart("links");
    g.writeStringField("self", self);
    g.writeStringField("cancel", self + "/cancel");
    g.writeStringField("retry", self + "/retry");
    g.writeEndObject();
    g.writeEndObject();
  }

  static ObjectNode detail(Message m, List<DeliveryAttempt> attempts) {
    ObjectNode o = summary(m);
    ArrayNode timeline = o.putArray("timeline");
    for (StatusChange c : m.timeline()) {
      timeline.addObject().put("at", time(c.at())).put("from", c.from() == null ? null : c.from().wireName())
          .put("to", c.to().wireName()).put("reason", c.reason());
    }
    ArrayNode log = o.putArray("delivery_attempts");
    for (DeliveryAttempt a : attempts) {
      log.addObject().put("attempt", a.attempt()).put("provider", a.provider()).put("started_at", time(a.startedAt()))
          .put("duration_ms", a.durationMillis()).put("outcome", a.outcome()).put("error_code", a.errorCode())
          .put("reason", a.reason()).put("http_status", a.httpStatus() == 0 ? null : a.httpStatus()).put("node", a.node());
    }
    return o;
  }

  static String time(Instant t) {
    return t == null ? null : t.toString();
  }
}
