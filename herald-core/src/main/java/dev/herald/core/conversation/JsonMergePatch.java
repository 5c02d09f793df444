package dev.herald.core.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON Merge Patch (RFC 7396 §2): a patch object sets members, {@code null} removes them, nested
 * objects merge recursively; any patch that is not an object replaces the target whole. The inputs
 * are never modified.
 */
public final class JsonMergePatch {
  private JsonMergePatch() {}

  /** The result of applying {@code patch} to {@code target} ({@code target} may be {@code null}). */
  public static JsonNode apply(JsonNode target, JsonNode patch) {
    if (patch == null || !patch.isObject()) {
      return patch == null ? null : patch.deepCopy();
    }
    ObjectNode result = target != null && target.isObject()
        ? ((ObjectNode) target).deepCopy() : JsonNodeFactory.instance.objectNode();
    Iterator<Map.Entry<String, JsonNode>> members = patch.fields();
    while (members.hasNext()) {
      Map.Entry<String, JsonNode> m = members.next();
      if (m.getValue().isNull()) {
        result.remove(m.getKey());
      } else {
        result.set(m.getKey(), apply(result.get(m.getKey()), m.getValue()));
      }
    }
    return result;
  }
}
