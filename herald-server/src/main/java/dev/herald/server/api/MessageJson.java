package dev.herald.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.message.DeliveryAttempt;
import dev.herald.core.message.Message;
import dev.herald.core.message.StatusChange;
import java.time.Instant;
import java.util.List;

/** The API's JSON view of messages: snake_case fields, RFC 3339 UTC times. */
final class MessageJson {
  static final ObjectMapper JSON = new ObjectMapper();

  private MessageJson() {}

  static ObjectNode summary(Message m) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", m.id());
    o.put("status", m.status().wireName());
    o.put("channel", m.channel().wireName());
    o.put("direction", m.direction().name().toLowerCase());
    o.put("to", m.to());
    o.put("from", m.from());
    o.put("body", m.content().text());
    if (m.content().subject() != null) {
      o.put("subject", m.content().subject());
    }
    if (m.content().html() != null) {
      o.put("html", m.content().html());
    }
    if (m.channel() == dev.herald.core.message.Channel.SMS && m.content().text() != null) {
      var parts = dev.herald.core.template.SmsEncoding.measure(m.content().text());
      o.put("encoding", parts.encoding().wireName());
      o.put("segments", parts.segments());
    }
    o.put("category", m.category().wireName());
    o.put("priority", m.priority().wireName());
    o.put("send_at", time(m.sendAt()));
    o.put("expires_at", time(m.expiresAt()));
    ObjectNode meta = o.putObject("metadata");
    m.metadata().forEach(meta::put);
    o.put("attempts", m.attempts());
    o.put("max_attempts", m.attempts() > m.maxAttempts() ? m.attempts() : m.maxAttempts());
    o.put("next_attempt_at", m.status().isWaiting() ? time(m.dueAt()) : null);
    o.put("provider", m.provider());
    o.put("provider_message_id", m.providerMessageId());
    if (m.errorCode() != null || m.errorReason() != null) {
      o.putObject("error").put("code", m.errorCode()).put("reason", m.errorReason());
    } else {
      o.putNull("error");
    }
    if (m.cost() != null) {
      o.putObject("cost").put("amount", m.cost().toPlainString()).put("currency", m.costCurrency());
    } else {
      o.putNull("cost");
    }
    o.put("idempotency_key", m.idempotencyKey());
    o.put("contact_id", m.contactId());
    o.put("conversation_id", m.conversationId());
    o.put("created_at", time(m.createdAt()));
    o.put("updated_at", time(m.updatedAt()));
    String self = "/v1/messages/" + m.id();
    o.putObject("links").put("self", self).put("cancel", self + "/cancel").put("retry", self + "/retry");
    return o;
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
