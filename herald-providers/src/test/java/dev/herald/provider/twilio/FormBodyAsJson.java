package dev.herald.provider.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.media.Schema;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A form body as the JSON object OpenAPI 3.0 describes it (§4.7.14, form encoding of an object
 * schema): each field typed by its property schema; a field declared as an array collects every
 * occurrence; a scalar field given twice becomes an array, so its schema rejects it.
 */
final class FormBodyAsJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private FormBodyAsJson() {}

  static JsonNode convert(String body, Schema<?> schema) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    for (String pair : body.isEmpty() ? new String[0] : body.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      fields.computeIfAbsent(name, k -> new ArrayList<>()).add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    ObjectNode json = NODES.objectNode();
    fields.forEach((name, values) -> {
      Schema<?> property = schema.getProperties() == null ? null : schema.getProperties().get(name);
      String type = property == null ? null : property.getType();
      if ("array".equals(type) || values.size() > 1) {
        ArrayNode array = json.putArray(name);
        String itemType = property != null && property.getItems() != null ? property.getItems().getType() : null;
        values.forEach(v -> array.add(typed(v, itemType)));
      } else {
        json.set(name, typed(values.get(0), type));
      }
    });
    return json;
  }

  /** The value as its schema type; left a string when it does not parse, so the schema reports it. */
  private static JsonNode typed(String value, String type) {
    try {
      return switch (type == null ? "string" : type) {
        case "integer" -> NODES.numberNode(Long.parseLong(value));
        case "number" -> NODES.numberNode(new BigDecimal(value));
        case "boolean" -> "true".equals(value) || "false".equals(value) ? NODES.booleanNode(Boolean.parseBoolean(value)) : NODES.textNode(value);
        default -> NODES.textNode(value);
      };
    } catch (NumberFormatException e) {
      return NODES.textNode(value);
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
