package dev.herald.provider.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.message.Channel;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.provider.InboundMessage;
import dev.herald.core.provider.ProviderConfig;
import dev.herald.core.provider.StatusReport;
import dev.herald.core.provider.WebhookRequest;
import dev.herald.core.provider.WebhookResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Meta's webhook: the GET handshake, X-Hub-Signature-256 on every POST, statuses and inbound messages. */
class WhatsAppWebhookReceiverTest {
  private static final String APP_SECRET = "6d1c2f0a9b8e7d6c5b4a39281706f5e4";
  private static final Instant RECEIVED = Instant.parse("2026-03-01T09:00:05Z");
  private static final WhatsAppSettings SETTINGS = WhatsAppSettings.from(new ProviderConfig("whatsapp", Map.of(
      "access_token", "EAAtoken", "phone_number_id", "106540352242922", "app_secret", APP_SECRET, "verify_token", "herald-verify")));

  /** Shape of Meta's "Status messages webhook reference": sent, delivered, read, then a failure. */
  private static final String STATUSES = """
      {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{
        "messaging_product":"whatsapp",
        "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
        "statuses":[
          {"id":"wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA","status":"delivered","timestamp":"1750263773",
           "recipient_id":"16505551234","pricing":{"billable":true,"pricing_model":"PMP","category":"utility"}},
          {"id":"wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA","status":"read","timestamp":"1750263790",
           "recipient_id":"16505551234"},
          {"id":"wamid.HBgLMTY1MDUwNzY1MjAVAgARGBJGMzE0RkY0QTc4ODk1MjEzNzgA","status":"failed","timestamp":"1750263801",
           "recipient_id":"16505559876","errors":[{"code":131047,"title":"Re-engagement message",
           "message":"Re-engagement message","error_data":{"details":"Message failed to send because more than \
      24 hours have passed since the customer last replied to this number."},
           "href":"https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}]}
        ]},"field":"messages"}]}]}""";

  /** Shape of Meta's "messages webhook reference": a text and an image from a user. */
  private static final String INBOUND = """
      {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{
        "messaging_product":"whatsapp",
        "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
        "contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"}],
        "messages":[
          {"from":"16505551234","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=",
           "timestamp":"1749416383","type":"text","text":{"body":"Does it come in another color?"}},
          {"from":"16505551234","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUNGNzE4QjdGRTQ5QjQ5OTUyOQA=",
           "timestamp":"1749416400","type":"image","image":{"caption":"This one","mime_type":"image/jpeg",
           "sha256":"3zmRqcCP6Xg2Lf4vNQWsbJz3qfFbWbz4xS2N1zq4FMc=","id":"1003383421387256"}}
        ]},"field":"messages"}]}]}""";

  private final WhatsAppWebhookReceiver receiver = new WhatsAppWebhookReceiver(SETTINGS);

  @Test
  void handshakeWithTheVerifyTokenEchoesTheChallenge() {
    WebhookResult result = receiver.receive(get(Map.of("hub.mode", "subscribe", "hub.verify_token", "herald-verify",
        "hub.challenge", "1158201444")));

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.contentType()).isEqualTo("text/plain");
    assertThat(result.body()).isEqualTo("1158201444");
  }

  @Test
  void handshakeWithAnotherTokenIsForbidden() {
    WebhookResult result = receiver.receive(get(Map.of("hub.mode", "subscribe", "hub.verify_token", "guess",
        "hub.challenge", "1158201444")));

    assertThat(result.status()).isEqualTo(403);
    assertThat(result.body()).doesNotContain("1158201444");
  }

  @Test
  void handshakeWithoutTokenIsForbidden() {
    assertThat(receiver.receive(get(Map.of("hub.mode", "subscribe", "hub.challenge", "1"))).status()).isEqualTo(403);
  }

  @Test
  void signedStatusesBecomeReportsKeyedByWamidAndStatus() {
    WebhookResult result = receiver.receive(post(STATUSES, signature(APP_SECRET, STATUSES)));

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.inbound()).isEmpty();
    assertThat(result.reports()).extracting(StatusReport::status)
        .containsExactly(MessageStatus.DELIVERED, MessageStatus.READ, MessageStatus.FAILED);
    StatusReport delivered = result.reports().get(0);
    assertThat(delivered.provider()).isEqualTo("whatsapp");
    assertThat(delivered.providerMessageId()).isEqualTo("wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA");
    assertThat(delivered.messageId()).isNull();
    assertThat(delivered.eventKey()).isEqualTo("wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA:delivered");
    assertThat(delivered.occurredAt()).isEqualTo(Instant.ofEpochSecond(1750263773));
    assertThat(delivered.payload()).isEqualTo(STATUSES);
    StatusReport failed = result.reports().get(2);
    assertThat(failed.errorCode()).isEqualTo("131047");
    assertThat(failed.reason()).startsWith("Re-engagement message: Message failed to send because more than 24 hours");
  }

  @Test
  void signedInboundMessagesBecomeInboundMessages() {
    WebhookResult result = receiver.receive(post(INBOUND, signature(APP_SECRET, INBOUND)));

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.reports()).isEmpty();
    assertThat(result.inbound()).hasSize(2);
    InboundMessage text = result.inbound().get(0);
    assertThat(text.channel()).isEqualTo(Channel.WHATSAPP);
    assertThat(text.from()).isEqualTo("+16505551234");
    assertThat(text.to()).isEqualTo("+15550783881");
    assertThat(text.text()).isEqualTo("Does it come in another color?");
    assertThat(text.providerMessageId()).isEqualTo("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=");
    assertThat(text.receivedAt()).isEqualTo(Instant.ofEpochSecond(1749416383));
    InboundMessage image = result.inbound().get(1);
    assertThat(image.text()).isEqualTo("This one");
    assertThat(image.mediaUrls()).containsExactly("https://graph.facebook.com/v23.0/1003383421387256");
  }

  @Test
  void notificationWithoutSignatureIsUnauthorized() {
    WebhookResult result = receiver.receive(post(STATUSES, null));

    assertThat(result.status()).isEqualTo(401);
    assertThat(result.reports()).isEmpty();
  }

  @Test
  void notificationSignedWithAnotherSecretIsForbidden() {
    WebhookResult result = receiver.receive(post(STATUSES, signature("not-the-app-secret", STATUSES)));

    assertThat(result.status()).isEqualTo(403);
    assertThat(result.reports()).isEmpty();
  }

  @Test
  void tamperedBodyIsForbidden() {
    String tampered = STATUSES.replace("\"status\":\"failed\"", "\"status\":\"delivered\"");

    WebhookResult result = receiver.receive(post(tampered, signature(APP_SECRET, STATUSES)));

    assertThat(result.status()).isEqualTo(403);
    assertThat(result.reports()).isEmpty();
  }

  @Test
  void signatureWithoutItsAlgorithmPrefixIsForbidden() {
    String bare = signature(APP_SECRET, STATUSES).substring("sha256=".length());

    assertThat(receiver.receive(post(STATUSES, bare)).status()).isEqualTo(403);
  }

  @Test
  void signedBodyThatIsNotJsonIsMalformed() {
    assertThat(receiver.receive(post("not json", signature(APP_SECRET, "not json"))).status()).isEqualTo(400);
  }

  @Test
  void otherPathsAreNotFound() {
    WebhookRequest request = new WebhookRequest("POST", "status", "https://herald.example.com/webhooks/whatsapp/status",
        Map.of(), Map.of(), Map.of(), new byte[0], RECEIVED);

    assertThat(receiver.receive(request).status()).isEqualTo(404);
  }

  /**
   * X-Hub-Signature-256 is the scheme GitHub also uses, and GitHub publishes a worked example
   * (secret "It's a Secret to Everybody", payload "Hello, World!"); Meta publishes none.
   */
  @Test
  void hmacMatchesThePublishedSha256WorkedExample() {
    HubSignatureVerifier verifier = new HubSignatureVerifier("It's a Secret to Everybody");
    byte[] payload = "Hello, World!".getBytes(StandardCharsets.UTF_8);

    assertThat(verifier.check("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", payload))
        .isEqualTo(HubSignatureVerifier.Verdict.VALID);
  }

  private static String signature(String secret, String body) {
    return "sha256=" + new HubSignatureVerifier(secret).sign(body.getBytes(StandardCharsets.UTF_8));
  }

  private static WebhookRequest get(Map<String, String> query) {
    Map<String, List<String>> q = new HashMap<>();
    query.forEach((k, v) -> q.put(k, List.of(v)));
    return new WebhookRequest("GET", "", "https://herald.example.com/webhooks/whatsapp", Map.of(), q, Map.of(),
        new byte[0], RECEIVED);
  }

  private static WebhookRequest post(String body, String signature) {
    Map<String, List<String>> headers = new HashMap<>();
    headers.put("Content-Type", List.of("application/json"));
    if (signature != null) {
      headers.put("X-Hub-Signature-256", List.of(signature));
    }
    return new WebhookRequest("POST", "", "https://herald.example.com/webhooks/whatsapp", headers, Map.of(), Map.of(),
        body.getBytes(StandardCharsets.UTF_8), RECEIVED);
  }

  /**
   * Meta signs the body only; the URL's query is not signed. Statuses are found by their
   * {@code wamid}, from the signed body, and a {@code herald_message_id} added to the query is
   * never read.
   */
  @Test
  void heraldMessageIdAddedToTheUnsignedQueryIsIgnored() {
    WebhookRequest signed = post(STATUSES, signature(APP_SECRET, STATUSES));
    WebhookRequest withQuery = new WebhookRequest("POST", "", signed.publicUrl() + "?herald_message_id=0195f3a2-0000-7000-8000-000000000000",
        signed.headers(), Map.of("herald_message_id", List.of("0195f3a2-0000-7000-8000-000000000000")), Map.of(), signed.body(),
        RECEIVED);

    WebhookResult result = receiver.receive(withQuery);

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.reports()).isEqualTo(receiver.receive(signed).reports());
    assertThat(result.reports()).allSatisfy(r -> assertThat(r.messageId()).isNull());
  }
}
