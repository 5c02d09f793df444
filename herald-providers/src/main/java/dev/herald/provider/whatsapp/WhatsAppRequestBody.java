package dev.herald.provider.whatsapp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.message.Message;
import dev.herald.core.provider.DeliveryOutcome.PermanentFailure;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds the JSON body of {@code POST /{version}/{phone-number-id}/messages} from a {@link Message}
 * (schemas {@code TextMessage}, {@code TemplateMessage}, {@code ImageMessage}... of Meta's Business
 * Messaging OpenAPI v23.0). The recipient is the E.164 number without its {@code +}.
 *
 * <p>Message metadata chooses the kind: {@code template_name} sends that approved template
 * ({@code template_language}, default {@code en_US}; {@code template_params}, a JSON array of the body
 * parameters in order, e.g. {@code ["Ada","#1042"]}); otherwise {@code media_url} sends that media
 * by link ({@code media_type} {@code image} (default), {@code document}, {@code audio} or
 * {@code video}) with the text as caption; otherwise the text is sent as a {@code text} message.
 */
final class WhatsAppRequestBody {
  static final String TEMPLATE_NAME = dev.herald.core.message.CustomerServiceWindow.TEMPLATE_NAME;
  static final String TEMPLATE_LANGUAGE = "template_language";
  static final String TEMPLATE_PARAMS = "template_params";
  static final String MEDIA_URL = "media_url";
  static final String MEDIA_TYPE = "media_type";
  private static final String DEFAULT_LANGUAGE = "en_US";
  private static final Set<String> MEDIA_TYPES = Set.of("image", "document", "audio", "video");
  private static final Pattern E164 = Pattern.compile("\\+?[1-9]\\d{6,14}");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A body ready to send, or the reason the message cannot be sent at all. */
  sealed interface Result {
    record Ready(String json) implements Result {}

    record Rejected(PermanentFailure failure) implements Result {}
  }

  private WhatsAppRequestBody() {}

  static Result of(Message message) {
    if (message.to() == null || !E164.matcher(message.to()).matches()) {
      return rejected("invalid_recipient", "'" + message.to() + "' is not an E.164 phone number");
    }
    ObjectNode body = JSON.createObjectNode()
        .put("messaging_product", "whatsapp")
        .put("recipient_type", "individual")
        .put("to", message.to().startsWith("+") ? message.to().substring(1) : message.to());
    String template = metadata(message, TEMPLATE_NAME);
    if (template != null) {
      return template(body, message, template);
    }
    String mediaUrl = metadata(message, MEDIA_URL);
    if (mediaUrl != null) {
      return media(body, message, mediaUrl);
    }
    String text = message.content() == null ? null : message.content().text();
    if (text == null || text.isBlank()) {
      return rejected("empty_body", "a WhatsApp text message needs a body, a template_name or a media_url");
    }
    body.put("type", "text").putObject("text").put("body", text).put("preview_url", false);
    return ready(body);
  }

  private static Result template(ObjectNode body, Message message, String name) {
    ObjectNode template = body.put("type", "template").putObject("template").put("name", name);
    String language = metadata(message, TEMPLATE_LANGUAGE);
    // The v23.0 contract requires "policy"; "deterministic" is its only value.
    template.putObject("language")
        .put("policy", "deterministic")
        .put("code", language == null ? DEFAULT_LANGUAGE : language);
    String params = metadata(message, TEMPLATE_PARAMS);
    if (params == null) {
      return ready(body);
    }
    JsonNode values;
    try {
      values = JSON.readTree(params);
    } catch (JsonProcessingException e) {
      values = null;
    }
    if (values == null || !values.isArray() || !allScalars(values)) {
      return rejected("invalid_template_params", "template_params must be a JSON array of strings, got " + params);
    }
    if (!values.isEmpty()) {
      ArrayNode parameters = template.putArray("components").addObject().put("type", "body").putArray("parameters");
      values.forEach(v -> parameters.addObject().put("type", "text").put("text", v.asText()));
    }
    return ready(body);
  }

  private static Result media(ObjectNode body, Message message, String url) {
    String type = metadata(message, MEDIA_TYPE);
    type = type == null ? "image" : type.toLowerCase(Locale.ROOT);
    if (!MEDIA_TYPES.contains(type)) {
      return rejected("invalid_media_type", "media_type '" + type + "' is not one of " + MEDIA_TYPES);
    }
    ObjectNode media = body.put("type", type).putObject(type).put("link", url);
    String caption = message.content() == null ? null : message.content().text();
    // Meta documents no caption for audio.
    if (caption != null && !caption.isBlank() && !"audio".equals(type)) {
      media.put("caption", caption);
    }
    return ready(body);
  }

  private static boolean allScalars(JsonNode array) {
    for (JsonNode v : array) {
      if (!v.isValueNode() || v.isNull()) {
        return false;
      }
    }
    return true;
  }

  private static String metadata(Message message, String key) {
    String v = message.metadata().get(key);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static Result ready(ObjectNode body) {
    return new Result.Ready(body.toString());
  }

  private static Result rejected(String code, String reason) {
    return new Result.Rejected(new PermanentFailure(code, reason, 0));
  }
}
