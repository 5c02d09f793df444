package dev.herald.provider.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.message.Message;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON body a webhook delivery carries, minified, fields in this order:
 * <pre>{@code
 * {"id":"<herald message id>","channel":"webhook","to":"<url>","from":<string|null>,
 *  "body":<text|null>,"subject":<string|null>,"metadata":{...},"created_at":"<RFC 3339 UTC>"|null}
 * }</pre>
 * Metadata keys are sorted, so the same message always gives the same bytes. The bytes produced here are the bytes signed and sent: the receiver must verify the raw body.
 */
final class WebhookPayload {
  private static final ObjectMapper JSON = new ObjectMapper();

  private WebhookPayload() {}

  static byte[] of(Message message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", message.id());
    body.put("channel", message.channel().wireName());
    body.put("to", message.to());
    body.put("from", message.from());
    body.put("body", message.content() == null ? null : message.content().text());
    body.put("subject", message.content() == null ? null : message.content().subject());
    body.put("metadata", new TreeMap<>(message.metadata()));
    body.put("created_at", message.createdAt() == null ? null : DateTimeFormatter.ISO_INSTANT.format(message.createdAt()));
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serialises", e);
    }
  }
}
