package dev.herald.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio and the WhatsApp Cloud API as a WireMock server that accepts every send, plus signed
 * inbound webhooks as the real services send them: Twilio's form POST with {@code X-Twilio-Signature}
 * (HMAC-SHA1 over URL + sorted parameters) and Meta's JSON with {@code X-Hub-Signature-256}.
 */
final class FakeProviders implements AutoCloseable {
  static final String PUBLIC_BASE = "https://herald.test";
  static final String ACCOUNT = "AC" + "0123456789abcdef0123456789abcdef";
  static final String AUTH_TOKEN = "twilio-auth-token";
  static final String OUR_NUMBER = "+15005550006";
  static final String APP_SECRET = "meta-app-secret";
  static final String PHONE_NUMBER_ID = "106540352242922";

  final WireMockServer wire = new WireMockServer(wireMockConfig().dynamicPort());

  FakeProviders() {
    wire.start();
    wire.stubFor(post(urlPathMatching("/2010-04-01/Accounts/.*/Messages.json")).willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withTransformers("response-template")
        .withBody("{\"sid\":\"SM{{randomValue length=32 type='HEXADECIMAL'}}\",\"status\":\"queued\"}")));
    wire.stubFor(post(urlPathMatching("/v[0-9.]+/" + PHONE_NUMBER_ID + "/messages")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withTransformers("response-template")
        .withBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.{{randomValue length=24 type='ALPHANUMERIC'}}\"}]}")));
  }

  /** Server settings sending SMS through Twilio and WhatsApp through Meta, both on this fake. */
  Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("public_base_url", PUBLIC_BASE);
    s.put("channels.sms.providers", "twilio");
    s.put("channels.whatsapp.providers", "whatsapp");
    s.put("twilio.account_sid", ACCOUNT);
    s.put("twilio.auth_token", AUTH_TOKEN);
    s.put("twilio.from", OUR_NUMBER);
    s.put("twilio.base_url", wire.baseUrl());
    s.put("whatsapp.access_token", "meta-token");
    s.put("whatsapp.phone_number_id", PHONE_NUMBER_ID);
    s.put("whatsapp.app_secret", APP_SECRET);
    s.put("whatsapp.verify_token", "verify");
    s.put("whatsapp.base_url", wire.baseUrl());
    return s;
  }

  /** Bodies of the SMS Twilio was asked to send. */
  List<String> smsBodies() {
    return wire.findAll(postRequestedFor(urlPathMatching("/2010-04-01/.*"))).stream().map(LoggedRequest::getBodyAsString)
        .map(b -> java.net.URLDecoder.decode(b, StandardCharsets.UTF_8)).toList();
  }

  /** Posts a signed Twilio inbound SMS from {@code from}; returns the response. */
  static TestServer.Response twilioInbound(TestServer server, String from, String body) {
    return twilioInbound(server, from, body, "SM" + UUID.randomUUID().toString().replace("-", ""));
  }

  /** Posts a signed Twilio inbound SMS with a given {@code MessageSid} (the same twice is a redelivery). */
  static TestServer.Response twilioInbound(TestServer server, String from, String body, String sid) {
    Map<String, String> params = new TreeMap<>(Map.of("MessageSid", sid,
        "AccountSid", ACCOUNT, "From", from, "To", OUR_NUMBER, "Body", body, "NumMedia", "0"));
    String path = "/webhooks/twilio/inbound";
    StringBuilder signed = new StringBuilder(PUBLIC_BASE + path);
    params.forEach((k, v) -> signed.append(k).append(v));
    String signature = Base64.getEncoder().encodeToString(hmac("HmacSHA1", AUTH_TOKEN, signed.toString()));
    StringBuilder form = new StringBuilder();
    params.forEach((k, v) -> form.append(form.isEmpty() ? "" : "&").append(k).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return server.postWithoutKey(path, form.toString(), "Content-Type", "application/x-www-form-urlencoded",
        "X-Twilio-Signature", signature);
  }

  /** Posts a signed WhatsApp Cloud API notification of a text message from {@code from} (E.164). */
  static TestServer.Response whatsappInbound(TestServer server, String from, String text) {
    String wamid = "wamid." + UUID.randomUUID().toString().replace("-", "");
    String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
        + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15005550006\","
        + "\"phone_number_id\":\"" + PHONE_NUMBER_ID + "\"},\"contacts\":[{\"wa_id\":\"" + from.substring(1) + "\"}],"
        + "\"messages\":[{\"from\":\"" + from.substring(1) + "\",\"id\":\"" + wamid + "\",\"timestamp\":\""
        + (System.currentTimeMillis() / 1000) + "\",\"type\":\"text\",\"text\":{\"body\":\"" + text + "\"}}]}}]}]}";
    String signature = "sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256", APP_SECRET, body));
    return server.postWithoutKey("/webhooks/whatsapp", body, "Content-Type", "application/json",
        "X-Hub-Signature-256", signature);
  }

  private static byte[] hmac(String algorithm, String key, String data) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    wire.stop();
  }
}
