package dev.herald.provider.whatsapp;

import dev.herald.core.error.ConfigurationException;
import dev.herald.core.provider.ProviderConfig;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The {@code whatsapp.*} configuration, validated when built and frozen after.
 *
 * @param accessToken system-user or app access token sent as {@code Authorization: Bearer}
 * @param phoneNumberId the business phone number's Graph id (digits), the sender of every message
 * @param appSecret the Meta app secret; keys the {@code X-Hub-Signature-256} HMAC of webhook bodies
 * @param verifyToken the token typed into the app dashboard, echoed in the webhook {@code GET} handshake
 * @param baseUrl Graph API root without trailing slash ({@code https://graph.facebook.com})
 * @param apiVersion Graph API version path segment ({@code v23.0})
 * @param timeout connect and request timeout of one send
 */
record WhatsAppSettings(
    String accessToken,
    String phoneNumberId,
    String appSecret,
    String verifyToken,
    URI baseUrl,
    String apiVersion,
    Duration timeout) {

  static final String DEFAULT_BASE_URL = "https://graph.facebook.com";
  static final String DEFAULT_API_VERSION = "v23.0";
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final Pattern VERSION = Pattern.compile("v\\d+\\.\\d+");

  WhatsAppSettings {
    if (!DIGITS.matcher(phoneNumberId).matches()) {
      throw new ConfigurationException(key("phone_number_id"),
          "'" + phoneNumberId + "' must be the numeric phone number id, not the phone number");
    }
    if (!VERSION.matcher(apiVersion).matches()) {
      throw new ConfigurationException(key("api_version"),
          "'" + apiVersion + "' is not a Graph API version like v23.0");
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw new ConfigurationException(key("timeout"), "must be positive");
    }
  }

  static WhatsAppSettings from(ProviderConfig c) {
    return new WhatsAppSettings(
        c.require("access_token"),
        c.require("phone_number_id"),
        c.require("app_secret"),
        c.require("verify_token"),
        httpUrl(c.get("base_url", DEFAULT_BASE_URL), c.fullKey("base_url")),
        c.get("api_version", DEFAULT_API_VERSION),
        c.getDuration("timeout", DEFAULT_TIMEOUT));
  }

  /** {@code {base}/{version}/{phone_number_id}/messages}. */
  URI messagesUri() {
    return URI.create(baseUrl + "/" + apiVersion + "/" + phoneNumberId + "/messages");
  }

  /** The Graph URL of an uploaded media object; a GET with the access token answers its download URL. */
  String mediaUrl(String mediaId) {
    return baseUrl + "/" + apiVersion + "/" + mediaId;
  }

  private static String key(String name) {
    return WhatsAppProvider.ID + "." + name;
  }

  static URI httpUrl(String value, String key) {
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
