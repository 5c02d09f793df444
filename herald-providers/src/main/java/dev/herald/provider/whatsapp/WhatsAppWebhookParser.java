package dev.herald.provider.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.message.Channel;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.provider.InboundMessage;
import dev.herald.core.provider.StatusReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a verified {@code messages} webhook body (Meta, WhatsApp Cloud API "messages webhook
 * reference"): {@code {"object":"whatsapp_business_account","entry":[{"changes":[{"value":{
 * "metadata":{"display_phone_number",...},"statuses":[...],"messages":[...]}}]}]}}.
 *
 * <p>Each {@code statuses[]} item ({@code id} = wamid, {@code status}, {@code timestamp} in Unix
 * seconds, {@code errors[0].code/title}) becomes a {@link StatusReport}: {@code sent}, {@code delivered},
 * {@code read}, {@code failed} map to SENT, DELIVERED, READ, FAILED; others (such as {@code played})
 * carry no status. The event key is {@code wamid:status}. Each {@code messages[]} item becomes an
 * {@link InboundMessage}: the text of {@code text.body}, a media caption, a button's text or an
 * interactive reply's title; media ({@code image}, {@code document}, {@code audio}, {@code video},
 * {@code sticker}) as the Graph URL of its media id.
 */
final class WhatsAppWebhookParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one webhook body reported. */
  record Parsed(List<StatusReport> reports, List<InboundMessage> inbound) {}

  private final WhatsAppSettings settings;

  WhatsAppWebhookParser(WhatsAppSettings settings) {
    this.settings = settings;
  }

  /**
   * @param receivedAt used when an item has no readable timestamp
   * @throws IOException when the body is not a JSON object
   */
  Parsed parse(byte[] body, Instant receivedAt) throws IOException {
    JsonNode root = JSON.readTree(body);
    if (root == null || !root.isObject()) {
      throw new IOException("webhook body is not a JSON object");
    }
    String raw = new String(body, StandardCharsets.UTF_8);
    List<StatusReport> reports = new ArrayList<>();
    List<InboundMessage> inbound = new ArrayList<>();
    for (JsonNode entry : root.path("entry")) {
      for (JsonNode change : entry.path("changes")) {
        JsonNode value = change.path("value");
        String business = phone(value.path("metadata").path("display_phone_number").asText(null));
        for (JsonNode status : value.path("statuses")) {
          if (status.hasNonNull("id") && status.hasNonNull("status")) {
            reports.add(report(status, raw, receivedAt));
          }
        }
        for (JsonNode message : value.path("messages")) {
          if (message.hasNonNull("id") && message.hasNonNull("from")) {
            inbound.add(inbound(message, business, raw, receivedAt));
          }
        }
      }
    }
    return new Parsed(reports, inbound);
  }

  private static StatusReport report(JsonNode status, String raw, Instant receivedAt) {
    String wamid = status.get("id").asText();
    String name = status.get("status").asText();
    JsonNode error = status.path("errors").path(0);
    String errorCode = error.has("code") ? error.get("code").asText() : null;
    String reason = errorReason(error);
    return new StatusReport(WhatsAppProvider.ID, wamid, null, statusOf(name), errorCode, reason,
        time(status, receivedAt), wamid + ":" + name, name, raw, null, null);
  }

  private static MessageStatus statusOf(String name) {
    return switch (name) {
      case "sent" -> MessageStatus.SENT;
      case "delivered" -> MessageStatus.DELIVERED;
      case "read" -> MessageStatus.READ;
      case "failed" -> MessageStatus.FAILED;
      default -> null;
    };
  }

  private static String errorReason(JsonNode error) {
    if (!error.isObject()) {
      return null;
    }
    String title = error.path("title").asText(error.path("message").asText(null));
    String details = error.path("error_data").path("details").asText(null);
    return details == null ? title : title + ": " + details;
  }

  private InboundMessage inbound(JsonNode message, String business, String raw, Instant receivedAt) {
    String type = message.path("type").asText("");
    JsonNode part = message.path(type);
    List<String> media = part.hasNonNull("id") ? List.of(settings.mediaUrl(part.get("id").asText())) : List.of();
    return new InboundMessage(WhatsAppProvider.ID, Channel.WHATSAPP, phone(message.get("from").asText()), business,
        text(type, part), media, message.get("id").asText(), time(message, receivedAt), raw);
  }

  private static String text(String type, JsonNode part) {
    return switch (type) {
      case "text" -> part.path("body").asText(null);
      case "button" -> part.path("text").asText(null);
      case "interactive" -> part.path(part.path("type").asText("")).path("title").asText(null);
      default -> part.path("caption").asText(null);
    };
  }

  private static Instant time(JsonNode item, Instant fallback) {
    try {
      return Instant.ofEpochSecond(Long.parseLong(item.path("timestamp").asText()));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** Meta sends numbers as digits without {@code +}; Herald keeps E.164. */
  private static String phone(String digits) {
    if (digits == null) {
      return null;
    }
    String only = digits.replaceAll("[^0-9]", "");
    return only.isEmpty() ? null : "+" + only;
  }
}
