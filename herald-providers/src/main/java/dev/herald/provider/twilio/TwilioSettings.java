package dev.herald.provider.twilio;

import dev.herald.core.error.ConfigurationException;
import dev.herald.core.message.Channel;
import dev.herald.core.provider.ProviderConfig;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * One Twilio provider's configuration, validated when built; every error names the full key.
 *
 * <p>REST requests authenticate with HTTP Basic as {@code account_sid:auth_token}, or as
 * {@code api_key_sid:api_key_secret} when an API key is configured
 * (https://www.twilio.com/docs/usage/requests-to-twilio#authenticate-with-http,
 * https://www.twilio.com/docs/iam/api-keys). Twilio signs its webhooks with the account's auth
 * token whatever the REST credentials are, so without {@code auth_token} no callback can be
 * verified.
 *
 * @param id provider id and key prefix ({@code twilio} or {@code twilio_voice})
 * @param channel {@link Channel#SMS} or {@link Channel#VOICE}; decides which sender keys are required
 * @param authToken the account's auth token, or {@code null} when an API key is used
 * @param from default sender (E.164), or {@code null} for SMS sent through a Messaging Service
 * @param messagingServiceSid {@code MG…} Messaging Service, SMS only, or {@code null}
 * @param baseUrl REST base URL without trailing slash
 * @param timeout connect timeout and whole-request timeout of one REST call
 * @param voice TwiML {@code <Say voice>} (e.g. {@code Polly.Joanna}, {@code alice}), or {@code null}
 * @param language TwiML {@code <Say language>} (e.g. {@code en-US}), or {@code null}
 */
record TwilioSettings(
    String id,
    Channel channel,
    String accountSid,
    String authToken,
    String apiKeySid,
    String apiKeySecret,
    String from,
    String messagingServiceSid,
    String baseUrl,
    Duration timeout,
    int concurrency,
    String voice,
    String language) {

  static final String DEFAULT_BASE_URL = "https://api.twilio.com";
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  static final int DEFAULT_CONCURRENCY = 64;
  private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
  private static final Pattern API_KEY_SID = Pattern.compile("SK[0-9a-fA-F]{32}");
  private static final Pattern SERVICE_SID = Pattern.compile("MG[0-9a-fA-F]{32}");

  TwilioSettings {
    requireCredentials(id, accountSid, authToken, apiKeySid, apiKeySecret);
    requireSender(id, channel, from, messagingServiceSid);
    baseUrl = validBaseUrl(id, baseUrl);
    if (timeout.isZero() || timeout.isNegative()) {
      throw fail(id, "timeout", "must be positive");
    }
    if (concurrency < 1) {
      throw fail(id, "concurrency", "must be at least 1");
    }
  }

  /** Reads {@code <id>.*} keys; {@code voice} and {@code language} only for the voice channel. */
  static TwilioSettings from(String id, Channel channel, ProviderConfig c) {
    boolean isVoice = channel == Channel.VOICE;
    return new TwilioSettings(id, channel, c.get("account_sid", null), c.get("auth_token", null),
        c.get("api_key_sid", null), c.get("api_key_secret", null), c.get("from", null),
        isVoice ? null : c.get("messaging_service_sid", null), c.get("base_url", DEFAULT_BASE_URL),
        c.getDuration("timeout", DEFAULT_TIMEOUT), c.getInt("concurrency", DEFAULT_CONCURRENCY),
        isVoice ? c.get("voice", null) : null, isVoice ? c.get("language", null) : null);
  }

  /** HTTP Basic user name: the API key when configured, else the account. */
  String username() {
    return apiKeySid != null ? apiKeySid : accountSid;
  }

  /** HTTP Basic password matching {@link #username()}. */
  String password() {
    return apiKeySid != null ? apiKeySecret : authToken;
  }

  /** Leaves the auth token and API key secret out, so settings can be logged. */
  @Override
  public String toString() {
    return "TwilioSettings[id=" + id + ", channel=" + channel + ", accountSid=" + accountSid + ", apiKeySid=" + apiKeySid
        + ", from=" + from + ", messagingServiceSid=" + messagingServiceSid + ", baseUrl=" + baseUrl + ", timeout="
        + timeout + ", concurrency=" + concurrency + ", voice=" + voice + ", language=" + language + "]";
  }

  private static void requireCredentials(String id, String accountSid, String authToken, String keySid, String keySecret) {
    if (accountSid == null) {
      throw fail(id, "account_sid", "is required");
    }
    requirePattern(id, "account_sid", accountSid, ACCOUNT_SID, "AC");
    if ((keySid == null) != (keySecret == null)) {
      throw fail(id, keySid == null ? "api_key_sid" : "api_key_secret",
          "is required when " + id + (keySid == null ? ".api_key_secret" : ".api_key_sid") + " is set");
    }
    requirePattern(id, "api_key_sid", keySid, API_KEY_SID, "SK");
    if (authToken == null && keySid == null) {
      throw fail(id, "auth_token", "is required unless " + id + ".api_key_sid and " + id + ".api_key_secret are set");
    }
  }

  private static void requireSender(String id, Channel channel, String from, String serviceSid) {
    requirePattern(id, "messaging_service_sid", serviceSid, SERVICE_SID, "MG");
    if (channel == Channel.VOICE && from == null) {
      throw fail(id, "from", "is required (the caller id of outgoing calls)");
    }
    if (channel == Channel.SMS && from == null && serviceSid == null) {
      throw fail(id, "from", "is required unless " + id + ".messaging_service_sid is set");
    }
  }

  private static String validBaseUrl(String id, String url) {
    try {
      URI uri = URI.create(url);
      if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw fail(id, "base_url", "'" + url + "' is not an absolute http(s) URL");
      }
    } catch (IllegalArgumentException e) {
      throw fail(id, "base_url", "'" + url + "' is not a URL");
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static void requirePattern(String id, String key, String value, Pattern p, String prefix) {
    if (value != null && !p.matcher(value).matches()) {
      throw fail(id, key, "'" + value + "' must be " + prefix + " followed by 32 hexadecimal digits");
    }
  }

  private static ConfigurationException fail(String id, String key, String detail) {
    return new ConfigurationException(id + "." + key, detail);
  }
}
