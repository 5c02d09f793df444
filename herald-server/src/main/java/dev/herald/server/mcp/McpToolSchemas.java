package dev.herald.server.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tools' names, descriptions and JSON Schemas for their arguments. */
final class McpToolSchemas {
  static final String SEND = "send_message";
  static final String SEND_MULTI = "send_multichannel";
  static final String STATUS = "get_message_status";
  static final String OPEN = "get_or_create_conversation";
  static final String SET_STATUS = "set_conversation_status";
  static final String MERGE = "merge_conversation_context";
  static final String READ = "get_conversation_context";

  private McpToolSchemas() {}

  static List<McpSchema.Tool> all() {
    Map<String, Object> messageFields = new LinkedHashMap<>();
    messageFields.put("to", prop("string", "recipient address (E.164 phone, email); omit when contact_id is given"));
    messageFields.put("contact_id", prop("string", "a Herald contact; its address for the channel is used"));
    messageFields.put("body", prop("string", "the text"));
    messageFields.put("subject", prop("string", "email subject"));
    messageFields.put("category", prop("string", "transactional (default) or marketing"));
    messageFields.put("conversation_id", prop("string", "conversation to join (default: the contact's open one)"));
    Map<String, Object> single = new LinkedHashMap<>(messageFields);
    single.put("channel", prop("string", "sms, email, whatsapp, voice or webhook"));
    Map<String, Object> multi = new LinkedHashMap<>(messageFields);
    multi.put("channels", Map.of("type", "array", "items", Map.of("type", "string"), "description", "channels to send on"));
    return List.of(
        tool(SEND, "Send one message on one channel; answers its id and status.", single, List.of("channel", "body")),
        tool(SEND_MULTI, "Send the same message on several channels at once (one message per channel).", multi,
            List.of("channels", "body")),
        tool(STATUS, "A message's status, error and timeline.", Map.of("message_id", prop("string", "Herald message id")),
            List.of("message_id")),
        tool(OPEN, "The contact's open conversation, created when there is none.",
            Map.of("contact_id", prop("string", "Herald contact id")), List.of("contact_id")),
        tool(SET_STATUS, "Set a conversation's status: active, follow_up or closed (final).",
            Map.of("conversation_id", prop("string", "conversation id"), "status", prop("string", "active, follow_up or closed")),
            List.of("conversation_id", "status")),
        tool(MERGE, "Merge a JSON object into a conversation's context (RFC 7396: null removes a key).",
            Map.of("conversation_id", prop("string", "conversation id"), "patch", prop("object", "JSON Merge Patch")),
            List.of("conversation_id", "patch")),
        tool(READ, "Read a conversation's context.", Map.of("conversation_id", prop("string", "conversation id")),
            List.of("conversation_id")));
  }

  private static Map<String, Object> prop(String type, String description) {
    return Map.of("type", type, "description", description);
  }

  private static McpSchema.Tool tool(String name, String description, Map<String, Object> properties, List<String> required) {
    return McpSchema.Tool.builder().name(name).description(description)
        .inputSchema(new McpSchema.JsonSchema("object", properties, required, false, null, null)).build();
  }
}
