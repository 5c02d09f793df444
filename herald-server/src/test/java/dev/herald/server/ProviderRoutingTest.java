package dev.herald.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real provider wire formats end to end: WireMock servers stand in for Twilio and Vonage, and the
 * test signs callbacks the way each provider signs them.
 */
class ProviderRoutingTest {
  static final String ACCOUNT = "AC" + "0123456789abcdef".repeat(2);
  static final String AUTH_TOKEN = "twilio-auth-token";
  static final String VONAGE_SIG_SECRET = "vonage-signature-secret";
  static final String PUBLIC = "https://herald.example.com";
  static final String MESSAGES = "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json";

  @TempDir Path dir;
  WireMockServer twilio;
  WireMockServer vonage;
  TestServer server;

  @BeforeEach
  void startProviders() {
    twilio = new WireMockServer(options().dynamicPort());
    vonage = new WireMockServer(options().dynamicPort());
    twilio.start();
    vonage.start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    twilio.stop();
    vonage.stop();
  }

  void startHerald(String smsProviders, Map<String, String> extra) {
    Map<String, String> cfg = new HashMap<>(Map.of(
        "channels.sms.providers", smsProviders, "public_base_url", PUBLIC,
        "twilio.account_sid", ACCOUNT, "twilio.auth_token", AUTH_TOKEN, "twilio.from", "+14155550100",
        "twilio.base_url", twilio.baseUrl(),
        "vonage.api_key", "vonage-key", "vonage.api_secret", "vonage-secret", "vonage.from", "+14155550100"));
    cfg.put("vonage.signature_secret", VONAGE_SIG_SECRET);
    cfg.put("vonage.base_url", vonage.baseUrl());
    cfg.putAll(extra);
    server = new TestServer(dir, cfg, Clock.systemUTC(), List.of());
  }

  static String twilioMessage(String sid) {
    return "{\"sid\":\"" + sid + "\",\"account_sid\":\"" + ACCOUNT + "\",\"status\":\"queued\",\"to\":\"+14155550111\","
        + "\"from\":\"+14155550100\",\"body\":\"hi\",\"num_segments\":\"1\",\"price\":null,\"price_unit\":\"USD\","
        + "\"error_code\":null,\"error_message\":null,\"direction\":\"outbound-api\",\"api_version\":\"2010-04-01\"}";
  }

  String send() {
    TestServer.Response r = server.post("/v1/messages", "{\"channel\":\"sms\",\"to\":\"+14155550111\",\"body\":\"hi\"}");
    assertThat(r.status()).isEqualTo(202);
    return r.json().get("id").asText();
  }

  @Test
  void twilioAnswering503FailsOverToVonageInTheSameAttempt() throws Exception {
    twilio.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(aResponse().withStatus(503)
        .withHeader("Content-Type", "application/json").withBody("{\"code\":20500,\"message\":\"Internal Server Error\",\"status\":503}")));
    vonage.stubFor(post(urlPathEqualTo("/sms/json")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody("{\"message-count\":\"1\",\"messages\":[{\"to\":\"14155550111\",\"message-id\":\"VN-0001\",\"status\":\"0\","
            + "\"remaining-balance\":\"10.00\",\"message-price\":\"0.00730000\",\"network\":\"310004\"}]}")));
    startHerald("twilio,vonage", Map.of());
    String id = send();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.status(id).equals("sent"));
    JsonNode m = server.get("/v1/messages/" + id).json();
    assertThat(m.get("attempts").asInt()).isEqualTo(1);
    assertThat(m.get("provider").asText()).isEqualTo("vonage");
    assertThat(m.get("provider_message_id").asText()).isEqualTo("VN-0001");
    assertThat(m.get("cost").get("amount").asText()).isEqualTo("0.00730000");
    JsonNode log = m.get("delivery_attempts");
    assertThat(log).hasSize(2);
    assertThat(log.get(0).get("provider").asText()).isEqualTo("twilio");
    assertThat(log.get(0).get("outcome").asText()).isEqualTo("transient_failure");
    assertThat(log.get(0).get("http_status").asInt()).isEqualTo(503);
    assertThat(log.get(1).get("provider").asText()).isEqualTo("vonage");
    assertThat(log.get(1).get("outcome").asText()).isEqualTo("accepted");
    assertThat(log.get(0).get("attempt").asInt()).isEqualTo(log.get(1).get("attempt").asInt());

    Map<String, String> receipt = new TreeMap<>(Map.of("messageId", "VN-0001", "status", "delivered", "client-ref", id,
        "msisdn", "14155550111", "to", "14155550100", "err-code", "0",
        "timestamp", Long.toString(System.currentTimeMillis() / 1000), "message-timestamp", "2026-11-21 10:00:00"));
    receipt.put("sig", vonageSignature(receipt));
    TestServer.Response dlr = server.postWithoutKey("/webhooks/vonage/status", form(receipt),
        "Content-Type", "application/x-www-form-urlencoded");
    assertThat(dlr.status()).isEqualTo(200);
    assertThat(server.status(id)).isEqualTo("delivered");

    receipt.put("status", "failed");
    TestServer.Response forged = server.postWithoutKey("/webhooks/vonage/status", form(receipt),
        "Content-Type", "application/x-www-form-urlencoded");
    assertThat(forged.status()).isEqualTo(403);
    assertThat(server.status(id)).isEqualTo("delivered");
  }

  @Test
  void tenMessagesFromAOneMessagePerSecondSenderGoOutASecondApartWithoutSpendingAttempts() {
    twilio.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withBody(twilioMessage("SM" + "a".repeat(32)))));
    startHerald("twilio", Map.of("lease_duration", "8s"));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ids.add(send());
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(id -> server.status(id).equals("sent")));
    List<LoggedRequest> requests = new ArrayList<>(twilio.findAll(postRequestedFor(urlPathEqualTo(MESSAGES))));
    requests.sort(Comparator.comparing(LoggedRequest::getLoggedDate));
    assertThat(requests).hasSize(10);
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < requests.size(); i++) {
      gaps.add(requests.get(i).getLoggedDate().getTime() - requests.get(i - 1).getLoggedDate().getTime());
    }
    System.out.println("[rate limit] gaps between Twilio requests (ms): " + gaps);
    assertThat(gaps).allSatisfy(g -> assertThat(g).isGreaterThanOrEqualTo(1000));
    for (String id : ids) {
      JsonNode m = server.get("/v1/messages/" + id).json();
      assertThat(m.get("attempts").asInt()).as("waiting for the rate limit spends no attempt").isEqualTo(1);
      assertThat(m.get("delivery_attempts")).hasSize(1);
    }
  }

  @Test
  void lateSentCallbackAfterDeliveredIsStoredAndIgnored() throws Exception {
    String sid = "SM" + "b".repeat(32);
    twilio.stubFor(post(urlPathEqualTo(MESSAGES)).willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withBody(twilioMessage(sid))));
    startHerald("twilio", Map.of());
    String id = send();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.status(id).equals("sent"));
    assertThat(twilioCallback(id, sid, "delivered").status()).isEqualTo(200);
    assertThat(twilioCallback(id, sid, "sent").status()).isEqualTo(200);
    assertThat(twilioCallback(id, sid, "delivered").status()).isEqualTo(200);
    assertThat(server.status(id)).isEqualTo("delivered");
    JsonNode events = server.get("/v1/messages/" + id + "/events").json().get("data");
    assertThat(events).hasSize(3);
    assertThat(events.findValuesAsText("outcome")).containsExactly("applied", "ignored", "duplicate");

    Map<String, String> params = callbackParams(sid, "failed");
    TestServer.Response unsigned = server.postWithoutKey("/webhooks/twilio/status?herald_message_id=" + id, form(params),
        "Content-Type", "application/x-www-form-urlencoded");
    assertThat(unsigned.status()).isEqualTo(401);
    TestServer.Response wrong = server.postWithoutKey("/webhooks/twilio/status?herald_message_id=" + id, form(params),
        "Content-Type", "application/x-www-form-urlencoded", "X-Twilio-Signature", "bm90IHRoZSBzaWduYXR1cmU=");
    assertThat(wrong.status()).isEqualTo(403);
    assertThat(server.get("/v1/messages/" + id + "/events").json().get("data")).hasSize(3);
  }

  @Test
  void callbackForAnUnknownMessageIsStoredAndAnswered200() throws Exception {
    startHerald("twilio", Map.of());
    String path = "/webhooks/twilio/status";
    Map<String, String> params = callbackParams("SM" + "c".repeat(32), "delivered");
    TestServer.Response r = server.postWithoutKey(path, form(params), "Content-Type", "application/x-www-form-urlencoded",
        "X-Twilio-Signature", twilioSignature(PUBLIC + path, params));
    assertThat(r.status()).isEqualTo(200);
  }

  private static Map<String, String> callbackParams(String sid, String status) {
    return new TreeMap<>(Map.of("MessageSid", sid, "SmsSid", sid, "MessageStatus", status, "SmsStatus", status,
        "AccountSid", ACCOUNT, "From", "+14155550100", "To", "+14155550111", "ApiVersion", "2010-04-01"));
  }

  private TestServer.Response twilioCallback(String id, String sid, String status) throws Exception {
    String path = "/webhooks/twilio/status?herald_message_id=" + id;
    Map<String, String> params = callbackParams(sid, status);
    return server.postWithoutKey(path, form(params), "Content-Type", "application/x-www-form-urlencoded",
        "X-Twilio-Signature", twilioSignature(PUBLIC + path, params));
  }

  /** Twilio: Base64(HMAC-SHA1(auth token, URL + each POST parameter name and value, sorted by name)). */
  static String twilioSignature(String url, Map<String, String> params) throws Exception {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(AUTH_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** Vonage: hex HMAC-SHA256(signature secret, "&k=v…" sorted, '&' and '=' in values as '_'). */
  static String vonageSignature(Map<String, String> params) throws Exception {
    StringBuilder data = new StringBuilder();
    new TreeMap<>(params).forEach((k, v) -> data.append('&').append(k).append('=').append(v.replace('&', '_').replace('=', '_')));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(VONAGE_SIG_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
  }

  static String form(Map<String, String> params) {
    return params.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
