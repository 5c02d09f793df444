package dev.herald.provider.twilio;

import static dev.herald.provider.twilio.TwilioFixtures.ACCOUNT_SID;
import static dev.herald.provider.twilio.TwilioFixtures.AUTH_TOKEN;
import static dev.herald.provider.twilio.TwilioFixtures.MESSAGE_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.message.MessageStatus;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.WebhookReceiver;
import dev.herald.core.provider.WebhookResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /webhooks/twilio_voice/status}: call status callbacks. */
class TwilioVoiceWebhookTest {
  private static final String CALL_SID = "CA" + "5".repeat(32);
  private static final String STATUS_URL = TwilioFixtures.statusUrl("twilio_voice");

  private ChannelProvider provider;
  private WebhookReceiver receiver;

  @BeforeEach
  void createProvider() {
    provider = new TwilioVoiceFactory().create(TwilioFixtures.context("twilio_voice", Map.of(
        "account_sid", ACCOUNT_SID, "auth_token", AUTH_TOKEN, "from", "+15017122661")));
    receiver = provider.webhookReceiver();
  }

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  private static Map<String, String> callback(String callStatus) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("AccountSid", ACCOUNT_SID);
    p.put("ApiVersion", "2010-04-01");
    p.put("CallSid", CALL_SID);
    p.put("CallStatus", callStatus);
    p.put("Called", "+14155552345");
    p.put("Caller", "+15017122661");
    p.put("Direction", "outbound-api");
    p.put("From", "+15017122661");
    p.put("To", "+14155552345");
    p.put("SequenceNumber", "0");
    p.put("Timestamp", "Sun, 01 Mar 2026 11:59:30 +0000");
    p.put("CallbackSource", "call-progress-events");
    return p;
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "queued, SENT", "initiated, SENT", "ringing, SENT", "in-progress, SENT", "answered, SENT",
    "completed, DELIVERED", "busy, UNDELIVERED", "no-answer, UNDELIVERED", "failed, FAILED", "canceled, FAILED"
  })
  void callStatusesMapToHeraldStatuses(String callStatus, MessageStatus expected) {
    WebhookResult result = receiver.receive(TwilioFixtures.signed(AUTH_TOKEN, "status", STATUS_URL, callback(callStatus)));

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.reports()).singleElement().satisfies(r -> {
      assertThat(r.provider()).isEqualTo("twilio_voice");
      assertThat(r.status()).isEqualTo(expected);
      assertThat(r.providerMessageId()).isEqualTo(CALL_SID);
      assertThat(r.messageId()).isEqualTo(MESSAGE_ID);
      assertThat(r.eventKey()).isEqualTo(CALL_SID + ":" + callStatus);
    });
  }

  @Test
  void reportTakesItsTimeFromTwiliosTimestamp() {
    WebhookResult result = receiver.receive(TwilioFixtures.signed(AUTH_TOKEN, "status", STATUS_URL, callback("completed")));

    assertThat(result.reports()).singleElement()
        .satisfies(r -> assertThat(r.occurredAt()).isEqualTo(Instant.parse("2026-03-01T11:59:30Z")));
  }

  @Test
  void forgedCallbackIsRejected() {
    String signature = TwilioFixtures.signature(AUTH_TOKEN, STATUS_URL, callback("busy"));

    WebhookResult result = receiver.receive(TwilioFixtures.request("status", STATUS_URL, callback("completed"),
        Map.of("X-Twilio-Signature", java.util.List.of(signature))));

    assertThat(result.status()).isEqualTo(403);
    assertThat(result.reports()).isEmpty();
  }

  @Test
  void voiceProviderHasNoInboundRoute() {
    String url = TwilioFixtures.PUBLIC_BASE_URL + "/webhooks/twilio_voice/inbound";

    assertThat(receiver.receive(TwilioFixtures.signed(AUTH_TOKEN, "inbound", url, callback("completed"))).status())
        .isEqualTo(404);
  }

  /** As for SMS: {@code herald_message_id} is part of the signed StatusCallback URL; form fields are signed too. */
  @Test
  void heraldMessageIdAddedToASignedCallbackIsRefusedSinceTwilioSignsTheUrlAndTheForm() {
    var altered = TwilioFixtures.withAnotherMessageId(AUTH_TOKEN, STATUS_URL, callback("completed"),
        "0195f3a2-0000-7000-8000-000000000000");

    assertThat(altered).extracting(receiver::receive).hasSize(2).allSatisfy(result -> {
      assertThat(result.status()).isEqualTo(403);
      assertThat(result.reports()).isEmpty();
    });
  }
}
