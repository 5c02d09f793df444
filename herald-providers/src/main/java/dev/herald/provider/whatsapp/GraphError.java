package dev.herald.provider.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * A Graph API error answer, {@code {"error":{"message","type","code","error_subcode","error_data":
 * {"details"},"fbtrace_id"}}} (Meta, Graph API "Handling Errors"; WhatsApp Cloud API "Error codes").
 *
 * @param code Graph or WhatsApp error code (e.g. {@code 131047}), 0 when the body carries none
 * @param subcode {@code error_subcode}, 0 when absent
 * @param details {@code error_data.details}, Meta's longer explanation, or {@code null}
 */
record GraphError(int code, int subcode, String type, String message, String details, String fbtraceId) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The error in {@code body}, or an empty one (code 0) when the body is not a Graph error. */
  static GraphError parse(String body) {
    try {
      JsonNode error = JSON.readTree(body == null ? "" : body).path("error");
      if (!error.isObject()) {
        return none();
      }
      JsonNode details = error.path("error_data").path("details");
      return new GraphError(error.path("code").asInt(0), error.path("error_subcode").asInt(0),
          text(error.path("type")), text(error.path("message")),
          details.isMissingNode() || details.isNull() ? null : details.asText(), text(error.path("fbtrace_id")));
    } catch (IOException e) {
      return none();
    }
  }

  /** Message and details in one line, for the attempt's error reason. */
  String reason() {
    String base = message == null ? "Graph API error" : message;
    String withDetails = details == null || details.isBlank() ? base : base + ": " + details;
    return fbtraceId == null ? withDetails : withDetails + " (fbtrace_id " + fbtraceId + ")";
  }

  private static GraphError none() {
    return new GraphError(0, 0, null, null, null, null);
  }

  private static String text(JsonNode n) {
    return n.isMissingNode() || n.isNull() ? null : n.asText();
  }
}
