package dev.herald.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.error.ValidationException;
import dev.herald.core.error.ValidationException.FieldError;
import dev.herald.core.json.JsonLimits;
import dev.herald.core.message.Content;
import dev.herald.core.message.MessageRequest;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
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

  /** One message of a body; {@code prefix} names where it sits ({@code messages/3/}). */
  static MessageRequest message(JsonNode o, String prefix, JsonLimits limits) {
    List<FieldError> errors = new ArrayList<>();
    unknown(o, FIELDS, prefix, errors);
    MessageRequest r = new MessageRequest(text(o, "channel", prefix, errors), text(o, "to", prefix, errors),
        text(o, "from", prefix, errors), text(o, "body", prefix, errors), text(o, "subject", prefix, errors),
        text(o, "html", prefix, errors), text(o, "category", prefix, errors), text(o, "priority", prefix, errors),
        time(o, "send_at", prefix, errors), time(o, "expires_at", prefix, errors), metadata(o, prefix, limits, errors),
        text(o, "contact_id", prefix, errors), text(o, "conversation_id", prefix, errors), flag(o, "join_conversation", prefix, errors));
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return r;
  }

  /** Content edits for a retry: any of body, subject, html; {@code null} when there is no body. */
  static Content edit(JsonNode o) {
    if (o == null) {
      return null;
    }
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
    return v == null ? null : ValidationException.collect(errors, () -> instant(v, prefix + field));
  }

  /**
   * An RFC 3339 timestamp, whose year has four digits: later years do not fit the store's
   * milliseconds since 1970, and RFC 3339 has none.
   *
   * @throws ValidationException naming {@code field} otherwise
   */
  static Instant instant(String v, String field) {
    try {
      OffsetDateTime t = OffsetDateTime.parse(v);
      if (t.getYear() >= 0 && t.getYear() <= 9999) {
        return t.toInstant();
      }
    } catch (DateTimeException e) {
      // refused below
    }
    throw new ValidationException(field, "'" + v + "' is not an RFC 3339 timestamp like 2026-11-21T09:30:00Z "
        + "(years 0000 to 9999)");
  }

  private static Map<String, String> metadata(JsonNode o, String prefix, JsonLimits limits, List<FieldError> errors) {
    JsonNode v = o.get("metadata");
    if (v == null || v.isNull()) {
      return Map.of();
    }
    if (!v.isObject()) {
      errors.add(new FieldError(prefix + "metadata", "must be an object of string values"));
      return Map.of();
    }
    limits.check(v, prefix + "metadata");
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
