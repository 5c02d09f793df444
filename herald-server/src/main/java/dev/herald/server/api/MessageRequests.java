package dev.herald.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.error.ValidationException;
import dev.herald.core.error.ValidationException.FieldError;
import dev.herald.core.message.Content;
import dev.herald.core.message.MessageRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses request bodies into core requests, naming every bad field; unknown fields are refused. */
final class MessageRequests {
  private static final Set<String> FIELDS = Set.of("channel", "to", "from", "body", "subject", "html", "category",
      "priority", "send_at", "expires_at", "metadata", "contact_id", "conversation_id", "join_conversation");
  private static final Set<String> EDIT_FIELDS = Set.of("body", "subject", "html");

  private MessageRequests() {}

  /** The body as a JSON object. @throws Problems.HttpProblem 400 when it is not JSON or not an object */
  static JsonNode object(byte[] body) {
    if (body.length == 0) {
      throw new Problems.HttpProblem(400, "malformed_json", "the request body is empty; expected a JSON object");
    }
    try {
      JsonNode node = MessageJson.JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw new Problems.HttpProblem(400, "malformed_json", "the request body must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new Problems.HttpProblem(400, "malformed_json", "the request body is not valid JSON: " + e.getOriginalMessage()
          + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
    } catch (java.io.IOException e) {
      throw new Problems.HttpProblem(400, "malformed_json", "the request body could not be read");
    }
  }

  static MessageRequest message(JsonNode o, String prefix) {
    List<FieldError> errors = new ArrayList<>();
    unknown(o, FIELDS, prefix, errors);
    MessageRequest r = new MessageRequest(text(o, "channel", prefix, errors), text(o, "to", prefix, errors),
        text(o, "from", prefix, errors), text(o, "body", prefix, errors), text(o, "subject", prefix, errors),
        text(o, "html", prefix, errors), text(o, "category", prefix, errors), text(o, "priority", prefix, errors),
        time(o, "send_at", prefix, errors), time(o, "expires_at", prefix, errors), metadata(o, prefix, errors),
        text(o, "contact_id", prefix, errors), text(o, "conversation_id", prefix, errors), flag(o, "join_conversation", prefix, errors));
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return r;
  }

  /** Content edits for a retry: any of body, subject, html; {@code null} when the body is empty. */
  static Content edit(byte[] body) {
    if (body.length == 0 || new String(body).isBlank()) {
      return null;
    }
    JsonNode o = object(body);
    List<FieldError> errors = new ArrayList<>();
    unknown(o, EDIT_FIELDS, "", errors);
    Content c = new Content(text(o, "body", "", errors), text(o, "subject", "", errors), text(o, "html", "", errors));
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return c;
  }

  private static void unknown(JsonNode o, Set<String> allowed, String prefix, List<FieldError> errors) {
    Iterator<String> names = o.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!allowed.contains(n)) {
        errors.add(new FieldError(prefix + n, "is not a known field"));
      }
    }
  }

  private static String text(JsonNode o, String field, String prefix, List<FieldError> errors) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      errors.add(new FieldError(prefix + field, "must be a string"));
      return null;
    }
    return v.asText();
  }

  private static Boolean flag(JsonNode o, String field, String prefix, List<FieldError> errors) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      errors.add(new FieldError(prefix + field, "must be true or false"));
      return null;
    }
    return v.asBoolean();
  }

  private static Instant time(JsonNode o, String field, String prefix, List<FieldError> errors) {
    String v = text(o, field, prefix, errors);
    if (v == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(prefix + field, "'" + v + "' is not an RFC 3339 timestamp like 2026-11-21T09:30:00Z"));
      return null;
    }
  }

  private static Map<String, String> metadata(JsonNode o, String prefix, List<FieldError> errors) {
    JsonNode v = o.get("metadata");
    if (v == null || v.isNull()) {
      return Map.of();
    }
    if (!v.isObject()) {
      errors.add(new FieldError(prefix + "metadata", "must be an object of string values"));
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    v.fields().forEachRemaining(e -> {
      if (e.getValue().isValueNode() && !e.getValue().isNull()) {
        out.put(e.getKey(), e.getValue().asText());
      } else {
        errors.add(new FieldError(prefix + "metadata/" + e.getKey(), "must be a string, number or boolean"));
      }
    });
    return out;
  }
}
