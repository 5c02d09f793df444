package dev.herald.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.conversation.Conversation;
import dev.herald.core.conversation.ConversationService;
import dev.herald.core.conversation.ConversationStatus;
import dev.herald.core.error.ValidationException;
import dev.herald.core.json.JsonLimits;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageRequest;
import dev.herald.core.message.MessageService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What each tool does, given its arguments and the caller's tenant; answers are JSON objects.
 * Errors are Herald's own exceptions, which {@link McpEndpoint} turns into tool errors.
 */
final class McpTools {
  static final ObjectMapper JSON = new ObjectMapper();

  private final MessageService messages;
  private final ConversationService conversations;
  private final JsonLimits objects;

  /** @param objects the limits on a context patch, checked here to name the tool's argument */
  McpTools(MessageService messages, ConversationService conversations, JsonLimits objects) {
    this.messages = messages;
    this.conversations = conversations;
    this.objects = objects;
  }

  JsonNode sendMessage(String tenant, Map<String, Object> a) {
    Message m = messages.accept(tenant, List.of(request(a, text(a, "channel"))), null, false).messages().get(0);
    return message(m);
  }

  JsonNode sendMultichannel(String tenant, Map<String, Object> a) {
    Object channels = a.get("channels");
    if (!(channels instanceof List<?> list) || list.isEmpty()) {
      throw new ValidationException("channels", "must be a non-empty array of channel names");
    }
    List<MessageRequest> requests = new ArrayList<>();
    list.forEach(c -> requests.add(request(a, String.valueOf(c))));
    ObjectNode out = JSON.createObjectNode();
    ArrayNode data = out.putArray("messages");
    messages.accept(tenant, requests, null, true).messages().forEach(m -> data.add(message(m)));
    return out;
  }

  JsonNode messageStatus(String tenant, Map<String, Object> a) {
    Message m = messages.get(tenant, text(a, "message_id"));
    ObjectNode o = message(m);
    ArrayNode timeline = o.putArray("timeline");
    m.timeline().forEach(c -> timeline.addObject().put("at", c.at().toString()).put("to", c.to().wireName())
        .put("reason", c.reason()));
    return o;
  }

  JsonNode openConversation(String tenant, Map<String, Object> a) {
    return conversation(conversations.open(tenant, text(a, "contact_id")).conversation());
  }

  JsonNode setConversationStatus(String tenant, Map<String, Object> a) {
    return conversation(conversations.setStatus(tenant, text(a, "conversation_id"),
        ConversationStatus.parse(text(a, "status"), "status")));
  }

  JsonNode mergeContext(String tenant, Map<String, Object> a) {
    JsonNode patch = JSON.valueToTree(a.get("patch"));
    if (patch == null || !patch.isObject()) {
      throw new ValidationException("patch", "must be a JSON object");
    }
    objects.check(patch, "patch");
    return conversations.mergeContext(tenant, text(a, "conversation_id"), patch).context();
  }

  JsonNode readContext(String tenant, Map<String, Object> a) {
    return conversations.get(tenant, text(a, "conversation_id")).context();
  }

  /** One channel's message; the subject goes to email only, so one call can cover SMS and email. */
  private static MessageRequest request(Map<String, Object> a, String channel) {
    String subject = "email".equalsIgnoreCase(channel) ? text(a, "subject") : null;
    return new MessageRequest(channel, text(a, "to"), text(a, "from"), text(a, "body"), subject, null,
        text(a, "category"), null, null, null, Map.of("via", "mcp"), text(a, "contact_id"), text(a, "conversation_id"), null);
  }

  private static String text(Map<String, Object> a, String name) {
    Object v = a.get(name);
    return v == null ? null : String.valueOf(v);
  }

  private static ObjectNode message(Message m) {
    return JSON.createObjectNode().put("id", m.id()).put("status", m.status().wireName())
        .put("channel", m.channel().wireName()).put("to", m.to()).put("contact_id", m.contactId())
        .put("conversation_id", m.conversationId()).put("error_code", m.errorCode()).put("error_reason", m.errorReason());
  }

  private static ObjectNode conversation(Conversation c) {
    ObjectNode o = JSON.createObjectNode().put("id", c.id()).put("contact_id", c.contactId())
        .put("status", c.status().wireName()).put("expires_at", c.expiresAt().toString());
    o.set("context", c.context());
    return o;
  }
}
