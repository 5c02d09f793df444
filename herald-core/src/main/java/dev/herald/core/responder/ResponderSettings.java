package dev.herald.core.responder;

import dev.herald.core.error.ConfigurationException;
import java.net.URI;
import java.time.Duration;

/**
 * Settings of the built-in OpenAI-compatible responder ({@code responder.*} keys).
 *
 * @param baseUrl the API base, e.g. {@code https://api.openai.com/v1} or {@code http://localhost:11434/v1};
 *     {@code /chat/completions} is appended
 * @param apiKey sent as {@code Authorization: Bearer}; may be {@code null} for local servers
 * @param systemPrompt the instructions given first
 * @param timeout how long one completion may take
 */
public record ResponderSettings(URI baseUrl, String model, String apiKey, String systemPrompt, Duration timeout) {
  public static final String DEFAULT_PROMPT = "You are the messaging assistant of this business. Answer the customer's "
      + "last message briefly, in their language, in plain text suitable for SMS or WhatsApp.";

  public ResponderSettings {
    String scheme = baseUrl == null ? null : baseUrl.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new ConfigurationException("responder.base_url", "'" + baseUrl + "' is not an http(s) URL");
    }
    if (model == null || model.isBlank()) {
      throw new ConfigurationException("responder.model", "is required when responder.base_url is set");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new ConfigurationException("responder.timeout", "must be positive");
    }
    systemPrompt = systemPrompt == null || systemPrompt.isBlank() ? DEFAULT_PROMPT : systemPrompt;
  }
}
