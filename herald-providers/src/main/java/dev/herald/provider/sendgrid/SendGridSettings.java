package dev.herald.provider.sendgrid;

import dev.herald.core.error.ConfigurationException;
import dev.herald.core.provider.ProviderConfig;
import java.net.URI;
import java.security.PublicKey;
import java.time.Duration;

/**
 * The {@code sendgrid.*} configuration, validated when built and frozen after.
 *
 * @param apiKey API key with Mail Send permission, sent as {@code Authorization: Bearer}
 * @param from default sender address (a verified sender), used when a message has no {@code from}
 * @param fromName display name of the default sender, or {@code null}
 * @param baseUrl API root without trailing slash ({@code https://api.sendgrid.com})
 * @param webhookPublicKey the Signed Event Webhook's verification key (ECDSA P-256)
 * @param webhookMaxAge how old a signed event batch's timestamp may be before it is refused as a replay
 * @param timeout connect and request timeout of one send
 */
record SendGridSettings(
    String apiKey,
    String from,
    String fromName,
    URI baseUrl,
    PublicKey webhookPublicKey,
    Duration webhookMaxAge,
    Duration timeout) {

  static final String DEFAULT_BASE_URL = "https://api.sendgrid.com";
  static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  SendGridSettings {
    if (!from.contains("@")) {
      throw new ConfigurationException(key("from"), "'" + from + "' is not an email address");
    }
    if (webhookMaxAge.isZero() || webhookMaxAge.isNegative()) {
      throw new ConfigurationException(key("webhook_max_age"), "must be positive");
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw new ConfigurationException(key("timeout"), "must be positive");
    }
  }

  static SendGridSettings from(ProviderConfig c) {
    return new SendGridSettings(
        c.require("api_key"),
        c.require("from"),
        c.get("from_name", null),
        httpUrl(c.get("base_url", DEFAULT_BASE_URL), c.fullKey("base_url")),
        EventWebhookVerifier.publicKey(c.require("webhook_public_key"), c.fullKey("webhook_public_key")),
        c.getDuration("webhook_max_age", DEFAULT_MAX_AGE),
        c.getDuration("timeout", DEFAULT_TIMEOUT));
  }

  URI mailSendUri() {
    return URI.create(baseUrl + "/v3/mail/send");
  }

  private static String key(String name) {
    return SendGridProvider.ID + "." + name;
  }

  private static URI httpUrl(String value, String key) {
    String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    try {
      URI uri = URI.create(trimmed);
      if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw new ConfigurationException(key, "'" + value + "' is not an absolute http(s) URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(key, "'" + value + "' is not a URL: " + e.getMessage());
    }
  }
}
