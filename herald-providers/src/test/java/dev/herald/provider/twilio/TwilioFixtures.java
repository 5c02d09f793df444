package dev.herald.provider.twilio;

import dev.herald.core.message.Category;
import dev.herald.core.message.Channel;
import dev.herald.core.message.Content;
import dev.herald.core.message.Direction;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.message.Priority;
import dev.herald.core.provider.ProviderConfig;
import dev.herald.core.provider.ProviderContext;
import dev.herald.core.provider.StatusReportSink;
import dev.herald.core.provider.WebhookRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Shared values and builders for the Twilio tests. */
final class TwilioFixtures {
  static final String ACCOUNT_SID = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  static final String AUTH_TOKEN = "0123456789abcdef0123456789abcdef";
  static final String SERVICE_SID = "MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  static final String PUBLIC_BASE_URL = "https://herald.example.com";
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final String MESSAGE_ID = "0195f3a2-7c4e-7b9a-8d2f-1a2b3c4d5e6f";

  private TwilioFixtures() {}

  static ProviderContext context(String id, Map<String, String> config) {
    StatusReportSink sink = report -> StatusReportSink.Result.APPLIED;
    return new ProviderContext(new ProviderConfig(id, config), CLOCK, sink, null, PUBLIC_BASE_URL);
  }

  static Message message(Channel channel, String to, String from, String text, Map<String, String> metadata) {
    return new Message(MESSAGE_ID, "tenant-1", channel, Direction.OUTBOUND, to, from, Content.text(text),
        Category.TRANSACTIONAL, Priority.NORMAL, NOW, null, metadata, null, null, null, MessageStatus.SENDING,
        1, 5, NOW, null, null, null, null, null, null, NOW, NOW, List.of());
  }

  /** A POST Twilio would make, signed independently of the production code. */
  static WebhookRequest signed(String token, String path, String publicUrl, Map<String, String> params) {
    return request(path, publicUrl, params, Map.of("X-Twilio-Signature", List.of(signature(token, publicUrl, params))));
  }

  static WebhookRequest request(String path, String publicUrl, Map<String, String> params, Map<String, List<String>> headers) {
    Map<String, List<String>> form = new LinkedHashMap<>();
    params.forEach((k, v) -> form.put(k, List.of(v)));
    String body = params.entrySet().stream()
        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
    return new WebhookRequest("POST", path, publicUrl, headers, query(publicUrl), form,
        body.getBytes(StandardCharsets.UTF_8), NOW);
  }

  /**
   * The callback Twilio signed for {@code url} and {@code params}, given another
   * {@code herald_message_id} afterwards: once appended to the URL, once added to the form.
   */
  static List<WebhookRequest> withAnotherMessageId(String token, String url, Map<String, String> params, String other) {
    Map<String, List<String>> signed = Map.of("X-Twilio-Signature", List.of(signature(token, url, params)));
    Map<String, String> withFormId = new LinkedHashMap<>(params);
    withFormId.put(StatusCallbackUrl.MESSAGE_ID_PARAM, other);
    return List.of(request("status", url + "&" + StatusCallbackUrl.MESSAGE_ID_PARAM + "=" + other, params, signed),
        request("status", url, withFormId, signed));
  }

  /** Twilio's documented recipe: URL, then each parameter name and value in name order; HMAC-SHA1; Base64. */
  static String signature(String token, String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
    return signatureOfRaw(token, data.toString());
  }

  /** Base64 HMAC-SHA1 of {@code data} keyed by {@code token}. */
  static String signatureOfRaw(String token, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static String statusUrl(String providerId) {
    return PUBLIC_BASE_URL + "/webhooks/" + providerId + "/status?herald_message_id=" + MESSAGE_ID;
  }

  private static Map<String, List<String>> query(String url) {
    int q = url.indexOf('?');
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (q >= 0) {
      for (String pair : url.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        query.put(pair.substring(0, eq), List.of(pair.substring(eq + 1)));
      }
    }
    return query;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
