package dev.herald.provider.sendgrid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.message.MessageStatus;
import dev.herald.core.provider.StatusReport;
import dev.herald.core.provider.WebhookRequest;
import dev.herald.core.provider.WebhookResult;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Signed Event Webhook: ECDSA P-256 over timestamp + raw body, a maximum age, and event mapping. */
class SendGridWebhookReceiverTest {
  /** SendGrid's own published verification example (sendgrid-nodejs, eventwebhook tests). */
  private static final String PUBLISHED_KEY = SendGridContractTest.SOME_PUBLIC_KEY;
  private static final String PUBLISHED_SIGNATURE =
      "MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM=";
  private static final String PUBLISHED_TIMESTAMP = "1600112502";
  private static final String PUBLISHED_PAYLOAD = "[{\"email\":\"hello@world.com\",\"event\":\"dropped\",\"reason\":\"Bounced Address\","
      + "\"sg_event_id\":\"ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA\","
      + "\"sg_message_id\":\"LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0\","
      + "\"smtp-id\":\"<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>\",\"timestamp\":1600112492}]\r\n";

  private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
  private static final String TIMESTAMP = String.valueOf(NOW.getEpochSecond() - 30);
  private static final String EVENTS = """
      [
        {"email":"ada@example.com","timestamp":1772355570,"event":"processed","sg_event_id":"cHJvY2Vzc2VkLTEyMw",
         "sg_message_id":"W86EgYT6SQKk0lRflfLRsA.recvd-5f8b9c7d4-abcde-1-65E1A2B3-4.0","smtp-id":"<W86EgYT6SQKk0lRflfLRsA@geopod-ismtpd-1>",
         "herald_message_id":"0190a6f2-7c1e-7b3a-9d4e-5f6a7b8c9d0e"},
        {"email":"ada@example.com","timestamp":1772355572,"event":"delivered","response":"250 2.0.0 OK",
         "sg_event_id":"ZGVsaXZlcmVkLTEyMw","sg_message_id":"W86EgYT6SQKk0lRflfLRsA.recvd-5f8b9c7d4-abcde-1-65E1A2B3-4.0",
         "herald_message_id":"0190a6f2-7c1e-7b3a-9d4e-5f6a7b8c9d0e"},
        {"email":"ada@example.com","timestamp":1772355580,"event":"open","sg_event_id":"b3Blbi0xMjM",
         "sg_message_id":"W86EgYT6SQKk0lRflfLRsA.recvd-5f8b9c7d4-abcde-1-65E1A2B3-4.0","useragent":"Mozilla/5.0","ip":"192.0.2.1",
         "herald_message_id":"0190a6f2-7c1e-7b3a-9d4e-5f6a7b8c9d0e"},
        {"email":"nobody@example.org","timestamp":1772355581,"event":"bounce","type":"bounce","status":"5.1.1",
         "reason":"550 5.1.1 The email account that you tried to reach does not exist","sg_event_id":"Ym91bmNlLTEyMw",
         "sg_message_id":"Q2pXh0vfT7uO1mQ2bYw9xA.recvd-5f8b9c7d4-abcde-1-65E1A2B3-5.0"},
        {"email":"blocked@example.net","timestamp":1772355582,"event":"bounce","type":"blocked","status":"5.7.1",
         "reason":"550 5.7.1 Message rejected due to local policy","sg_event_id":"YmxvY2tlZC0xMjM",
         "sg_message_id":"Zr1d7x0uQpS3m5fW2nYtAg.recvd-5f8b9c7d4-abcde-1-65E1A2B3-6.0"},
        {"email":"gone@example.com","timestamp":1772355583,"event":"dropped","reason":"Unsubscribed Address",
         "sg_event_id":"ZHJvcHBlZC0xMjM","sg_message_id":"Hk2aV9cXQ0eB4rT6yU8iOw.recvd-5f8b9c7d4-abcde-1-65E1A2B3-7.0"},
        {"email":"slow@example.com","timestamp":1772355584,"event":"deferred","response":"400 try again later","attempt":"2",
         "sg_event_id":"ZGVmZXJyZWQtMTIz","sg_message_id":"Lm3nO4pQRs5tU6vW7xY8zA.recvd-5f8b9c7d4-abcde-1-65E1A2B3-8.0"}
      ]
      """;

  private static KeyPair sendgridKeys;
  private static KeyPair otherKeys;

  @BeforeAll
  static void generateKeys() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    sendgridKeys = generator.generateKeyPair();
    otherKeys = generator.generateKeyPair();
  }

  @Test
  void sendGridsPublishedExampleVerifiesAndReportsTheDrop() {
    SendGridWebhookReceiver receiver = receiver(PUBLISHED_KEY, Instant.ofEpochSecond(1600112502 + 60));

    WebhookResult result = receiver.receive(request("events", PUBLISHED_PAYLOAD, PUBLISHED_SIGNATURE, PUBLISHED_TIMESTAMP));

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.reports()).singleElement().satisfies(r -> {
      assertThat(r.provider()).isEqualTo("sendgrid");
      assertThat(r.status()).isEqualTo(MessageStatus.FAILED);
      assertThat(r.providerMessageId()).isEqualTo("LRzXl_NHStOGhQ4kofSm_A");
      assertThat(r.messageId()).isNull();
      assertThat(r.eventKey()).isEqualTo("ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA");
      assertThat(r.eventType()).isEqualTo("dropped");
      assertThat(r.reason()).isEqualTo("Bounced Address");
      assertThat(r.occurredAt()).isEqualTo(Instant.ofEpochSecond(1600112492));
    });
  }

  @Test
  void publishedExampleReplayedAfterTheMaximumAgeIsRefused() {
    SendGridWebhookReceiver receiver = receiver(PUBLISHED_KEY, Instant.ofEpochSecond(1600112502).plus(Duration.ofMinutes(6)));

    WebhookResult result = receiver.receive(request("events", PUBLISHED_PAYLOAD, PUBLISHED_SIGNATURE, PUBLISHED_TIMESTAMP));

    assertThat(result.status()).isEqualTo(403);
    assertThat(result.reports()).isEmpty();
  }

  @Test
  void eventsSignedAsSendGridSignsMapToStatuses() throws Exception {
    WebhookResult result = receiver().receive(request("events", EVENTS, sign(sendgridKeys.getPrivate(), TIMESTAMP, EVENTS), TIMESTAMP));

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.reports()).extracting(StatusReport::eventType)
        .containsExactly("processed", "delivered", "open", "bounce", "bounce", "dropped", "deferred");
    assertThat(result.reports()).extracting(StatusReport::status).containsExactly(null, MessageStatus.DELIVERED,
        MessageStatus.READ, MessageStatus.FAILED, MessageStatus.UNDELIVERED, MessageStatus.FAILED, null);
    StatusReport delivered = result.reports().get(1);
    assertThat(delivered.providerMessageId()).isEqualTo("W86EgYT6SQKk0lRflfLRsA");
    assertThat(delivered.messageId()).isEqualTo("0190a6f2-7c1e-7b3a-9d4e-5f6a7b8c9d0e");
    assertThat(delivered.eventKey()).isEqualTo("ZGVsaXZlcmVkLTEyMw");
    assertThat(delivered.payload()).contains("\"event\":\"delivered\"").doesNotContain("\"open\"");
    StatusReport hardBounce = result.reports().get(3);
    assertThat(hardBounce.errorCode()).isEqualTo("5.1.1");
    assertThat(hardBounce.reason()).contains("does not exist");
  }

  @Test
  void tamperedBodyIsForbidden() throws Exception {
    String signature = sign(sendgridKeys.getPrivate(), TIMESTAMP, EVENTS);

    WebhookResult result = receiver().receive(request("events", EVENTS.replace("\"open\"", "\"click\""), signature, TIMESTAMP));

    assertThat(result.status()).isEqualTo(403);
    assertThat(result.reports()).isEmpty();
  }

  @Test
  void bodySignedWithAnotherKeyIsForbidden() throws Exception {
    WebhookResult result = receiver().receive(request("events", EVENTS, sign(otherKeys.getPrivate(), TIMESTAMP, EVENTS), TIMESTAMP));

    assertThat(result.status()).isEqualTo(403);
  }

  @Test
  void timestampChangedAfterSigningIsForbidden() throws Exception {
    String signature = sign(sendgridKeys.getPrivate(), TIMESTAMP, EVENTS);
    String moved = String.valueOf(Long.parseLong(TIMESTAMP) + 1);

    assertThat(receiver().receive(request("events", EVENTS, signature, moved)).status()).isEqualTo(403);
  }

  @Test
  void correctlySignedButStaleBatchIsForbidden() throws Exception {
    String old = String.valueOf(NOW.minus(Duration.ofMinutes(5)).minusSeconds(1).getEpochSecond());

    WebhookResult result = receiver().receive(request("events", EVENTS, sign(sendgridKeys.getPrivate(), old, EVENTS), old));

    assertThat(result.status()).isEqualTo(403);
    assertThat(result.body()).contains("older");
  }

  @Test
  void missingSignatureOrTimestampIsUnauthorized() throws Exception {
    String signature = sign(sendgridKeys.getPrivate(), TIMESTAMP, EVENTS);

    assertThat(receiver().receive(request("events", EVENTS, null, TIMESTAMP)).status()).isEqualTo(401);
    assertThat(receiver().receive(request("events", EVENTS, signature, null)).status()).isEqualTo(401);
  }

  @Test
  void signatureThatIsNotBase64IsForbidden() {
    assertThat(receiver().receive(request("events", EVENTS, "%%% not base64 %%%", TIMESTAMP)).status()).isEqualTo(403);
  }

  @Test
  void signedBodyThatIsNotAnEventArrayIsMalformed() throws Exception {
    String body = "{\"event\":\"delivered\"}";

    assertThat(receiver().receive(request("events", body, sign(sendgridKeys.getPrivate(), TIMESTAMP, body), TIMESTAMP)).status())
        .isEqualTo(400);
  }

  @Test
  void otherPathsAreNotFound() throws Exception {
    String signature = sign(sendgridKeys.getPrivate(), TIMESTAMP, EVENTS);

    assertThat(receiver().receive(request("inbound", EVENTS, signature, TIMESTAMP)).status()).isEqualTo(404);
  }

  private static SendGridWebhookReceiver receiver() {
    return receiver(Base64.getEncoder().encodeToString(sendgridKeys.getPublic().getEncoded()), NOW);
  }

  private static SendGridWebhookReceiver receiver(String publicKey, Instant now) {
    return new SendGridWebhookReceiver(new EventWebhookVerifier(EventWebhookVerifier.publicKey(publicKey, "sendgrid.webhook_public_key"),
        Duration.ofMinutes(5), Clock.fixed(now, ZoneOffset.UTC)));
  }

  /** As SendGrid signs: SHA256withECDSA over the timestamp's bytes then the body's, base64 DER. */
  private static String sign(PrivateKey key, String timestamp, String body) throws GeneralSecurityException {
    Signature ecdsa = Signature.getInstance("SHA256withECDSA");
    ecdsa.initSign(key);
    ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
    ecdsa.update(body.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(ecdsa.sign());
  }

  private static WebhookRequest request(String path, String body, String signature, String timestamp) {
    Map<String, List<String>> headers = new HashMap<>();
    headers.put("Content-Type", List.of("application/json"));
    if (signature != null) {
      headers.put("X-Twilio-Email-Event-Webhook-Signature", List.of(signature));
    }
    if (timestamp != null) {
      headers.put("X-Twilio-Email-Event-Webhook-Timestamp", List.of(timestamp));
    }
    return new WebhookRequest("POST", path, "https://herald.example.com/webhooks/sendgrid/" + path, headers, Map.of(), Map.of(),
        body.getBytes(StandardCharsets.UTF_8), NOW);
  }

  /**
   * SendGrid signs the timestamp and the body only; the URL's query is not signed. Herald's id comes
   * from the {@code herald_message_id} custom argument inside each signed event, and one added to
   * the query is never read, neither over an event that carries its own nor over one that has none.
   */
  @Test
  void heraldMessageIdAddedToTheUnsignedQueryIsIgnored() throws Exception {
    WebhookRequest signed = request("events", EVENTS, sign(sendgridKeys.getPrivate(), TIMESTAMP, EVENTS), TIMESTAMP);
    String other = "0195f3a2-0000-7000-8000-000000000000";
    WebhookRequest withQuery = new WebhookRequest("POST", "events", signed.publicUrl() + "?herald_message_id=" + other,
        signed.headers(), Map.of("herald_message_id", List.of(other)), Map.of(), signed.body(), NOW);

    WebhookResult result = receiver().receive(withQuery);

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.reports()).isEqualTo(receiver().receive(signed).reports());
    assertThat(result.reports()).extracting(StatusReport::messageId).doesNotContain(other)
        .containsExactly("0190a6f2-7c1e-7b3a-9d4e-5f6a7b8c9d0e", "0190a6f2-7c1e-7b3a-9d4e-5f6a7b8c9d0e",
            "0190a6f2-7c1e-7b3a-9d4e-5f6a7b8c9d0e", null, null, null, null);
  }
}
