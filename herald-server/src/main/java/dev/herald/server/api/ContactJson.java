package dev.herald.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.consent.ConsentRecord;
import dev.herald.core.contact.Contact;
import dev.herald.core.contact.ContactRequest;
import dev.herald.core.error.ValidationException;
import dev.herald.core.error.ValidationException.FieldError;
import dev.herald.core.json.JsonLimits;
import dev.herald.core.message.Channel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The API's JSON view of contacts and consent entries, and parsing of contact bodies. */
final class ContactJson {
  static final Set<String> WRITABLE = Set.of("name", "phone", "email", "whatsapp", "has_whatsapp", "allows_sms",
      "time_zone", "preferred_channel", "locale", "metadata");

  private ContactJson() {}

  static ObjectNode contact(Contact c) {
    ObjectNode o = MessageJson.JSON.createObjectNode();
    o.put("id", c.id());
    writable(c, o);
    o.put("last_active_channel", c.lastActiveChannel() == null ? null : c.lastActiveChannel().wireName());
    o.put("last_active_at", MessageJson.time(c.lastActiveAt()));
    o.put("created_at", MessageJson.time(c.createdAt()));
    o.put("updated_at", MessageJson.time(c.updatedAt()));
    o.putObject("links").put("self", "/v1/contacts/" + c.id()).put("consent", "/v1/contacts/" + c.id() + "/consent");
    return o;
  }

  /** The fields a caller may set, as the caller would send them (the base of a merge patch). */
  static ObjectNode writable(Contact c, ObjectNode o) {
    o.put("name", c.name());
    o.put("phone", c.phone());
    o.put("email", c.email());
    o.put("whatsapp", c.whatsapp());
    o.put("has_whatsapp", c.hasWhatsapp());
    o.put("allows_sms", c.allowsSms());
    o.put("time_zone", c.timeZone());
    o.put("preferred_channel", c.preferredChannel() == null ? null : c.preferredChannel().wireName());
    o.put("locale", c.locale());
    ObjectNode meta = o.putObject("metadata");
    c.metadata().forEach(meta::put);
    return o;
  }

  static ObjectNode consent(ConsentRecord r) {
    return MessageJson.JSON.createObjectNode().put("id", r.id()).put("channel", r.channel().wireName())
        .put("address", r.address()).put("state", r.state().wireName()).put("source", r.source().wireName())
        .put("message_id", r.messageId()).put("detail", r.detail()).put("at", MessageJson.time(r.at()));
  }

  /** A contact body; unknown fields and wrong types are named, metadata past {@code limits} refused. */
  static ContactRequest request(JsonNode o, JsonLimits limits) {
    List<FieldError> errors = new ArrayList<>();
    Iterator<String> names = o.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!WRITABLE.contains(n)) {
        errors.add(new FieldError(n, "is not a known field"));
      }
    }
    ContactRequest r = new ContactRequest(text(o, "name", errors), text(o, "phone", errors), text(o, "email", errors),
        text(o, "whatsapp", errors), bool(o, "has_whatsapp", errors), bool(o, "allows_sms", errors),
        text(o, "time_zone", errors), text(o, "preferred_channel", errors), text(o, "locale", errors),
        metadata(o, limits, errors));
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return r;
  }

  static String text(JsonNode o, String field, List<FieldError> errors) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      errors.add(new FieldError(field, "must be a string"));
      return null;
    }
    return v.asText();
  }

  private static Boolean bool(JsonNode o, String field, List<FieldError> errors) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      errors.add(new FieldError(field, "must be true or false"));
      return null;
    }
    return v.asBoolean();
  }

  private static Map<String, String> metadata(JsonNode o, JsonLimits limits, List<FieldError> errors) {
    JsonNode v = o.get("metadata");
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isObject()) {
      errors.add(new FieldError("metadata", "must be an object of string values"));
      return out;
    }
    limits.check(v, "metadata");
    v.fields().forEachRemaining(e -> {
      if (e.getValue().isValueNode() && !e.getValue().isNull()) {
        out.put(e.getKey(), e.getValue().asText());
      } else {
        errors.add(new FieldError("metadata/" + e.getKey(), "must be a string, number or boolean"));
      }
    });
    return out;
  }

  /** Current consent per channel, then the ledger. */
  static ObjectNode consentView(Contact c, Map<Channel, ConsentRecord> current, List<ConsentRecord> history) {
    ObjectNode o = MessageJson.JSON.createObjectNode().put("contact_id", c.id());
    ObjectNode now = o.putObject("current");
    current.forEach((ch, r) -> now.set(ch.wireName(), consent(r)));
    ArrayNode ledger = o.putArray("history");
    history.forEach(r -> ledger.add(consent(r)));
    return o;
  }
}
