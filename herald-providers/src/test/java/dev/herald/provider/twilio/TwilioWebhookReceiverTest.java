package dev.herald.provider.twilio;

import static dev.herald.provider.twilio.TwilioFixtures.ACCOUNT_SID;
import static dev.herald.provider.twilio.TwilioFixtures.AUTH_TOKEN;
import static dev.herald.provider.twilio.TwilioFixtures.MESSAGE_ID;
import static dev.herald.provider.twilio.TwilioFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.message.Channel;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.InboundMessage;
import dev.herald.core.provider.StatusReport;
import dev.herald.core.provider.WebhookReceiver;
import dev.herald.core.provider.WebhookRequest;
import dev.herald.core.provider.WebhookResult;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /webhooks/twilio/...}: signature first, then message status callbacks and inbound SMS. */
class TwilioWebhookReceiverTest {
  private static final String SID = "SM" + "3".repeat(32);
  private static final String STATUS_URL = TwilioFixtures.statusUrl("twilio");
  private static final String INBOUND_URL = TwilioFixtures.PUBLIC_BASE_URL + "/webhooks/twilio/inbound";

  private ChannelProvider provider;
  private WebhookReceiver receiver;

  @BeforeEach
  void createProvider() {
    provider = new TwilioSmsFactory().create(TwilioFixtures.context("twilio", Map.of(
        "account_sid", ACCOUNT_SID, "auth_token", AUTH_TOKEN, "from", "+15017122661")));
    receiver = provider.webhookReceiver();
  }

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  /** The parameters Twilio posts to a message's StatusCallback. */
  private static Map<String, String> statusCallback(String status) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("SmsSid", SID);
    p.put("SmsStatus", status);
    p.put("MessageStatus", status);
    p.put("To", "+14155552345");
    p.put("MessageSid", SID);
    p.put("AccountSid", ACCOUNT_SID);
    p.put("From", "+15017122661");
    p.put("ApiVersion", "2010-04-01");
    return p;
  }

  @Test
  void deliveredCallbackBecomesADeliveredReport() {
    WebhookRequest request = TwilioFixtures.signed(AUTH_TOKEN, "status", STATUS_URL, statusCallback("delivered"));

    WebhookResult result = receiver.receive(request);

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.reports()).containsExactly(new StatusReport("twilio", SID, MESSAGE_ID, MessageStatus.DELIVERED,
        null, null, NOW, SID + ":delivered", "delivered", request.bodyText(), null, null));
  }

  @Test
  void missingSignatureIsUnsigned() {
    WebhookResult result = receiver.receive(TwilioFixtures.request("status", STATUS_URL, statusCallback("delivered"), Map.of()));

    assertThat(result.status()).isEqualTo(401);
    assertThat(result.reports()).isEmpty();
  }

  @Test
  void signatureFromAnotherTokenIsRejected() {
    WebhookResult result = receiver.receive(
        TwilioFixtures.signed("another-token", "status", STATUS_URL, statusCallback("delivered")));

    assertThat(result.status()).isEqualTo(403);
    assertThat(result.reports()).isEmpty();
  }

  @Test
  void tamperedStatusIsRejected() {
    String signature = TwilioFixtures.signature(AUTH_TOKEN, STATUS_URL, statusCallback("undelivered"));
    WebhookRequest tampered = TwilioFixtures.request("status", STATUS_URL, statusCallback("delivered"),
        Map.of("X-Twilio-Signature", List.of(signature)));

    WebhookResult result = receiver.receive(tampered);

    assertThat(result.status()).isEqualTo(403);
    assertThat(result.reports()).isEmpty();
  }

  @Test
  void callbackForAnotherMessageIdIsRejected() {
    String signature = TwilioFixtures.signature(AUTH_TOKEN, STATUS_URL, statusCallback("delivered"));
    String otherUrl = STATUS_URL.replace(MESSAGE_ID, "0195f3a2-0000-7000-8000-000000000000");

    WebhookResult result = receiver.receive(TwilioFixtures.request("status", otherUrl, statusCallback("delivered"),
        Map.of("X-Twilio-Signature", List.of(signature))));

    assertThat(result.status()).isEqualTo(403);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "queued, SENT", "sending, SENT", "sent, SENT", "delivered, DELIVERED", "read, READ",
    "undelivered, UNDELIVERED", "failed, FAILED"
  })
  void messageStatusesMapToHeraldStatuses(String twilioStatus, MessageStatus expected) {
    WebhookResult result = receiver.receive(TwilioFixtures.signed(AUTH_TOKEN, "status", STATUS_URL, statusCallback(twilioStatus)));

    assertThat(result.reports()).singleElement().satisfies(r -> {
      assertThat(r.status()).isEqualTo(expected);
      assertThat(r.eventKey()).isEqualTo(SID + ":" + twilioStatus);
    });
  }

  @ParameterizedTest
  @CsvSource({"accepted", "scheduled", "receiving"})
  void statusesWithoutAHeraldMeaningAreAcknowledgedWithoutReport(String twilioStatus) {
    WebhookResult result = receiver.receive(TwilioFixtures.signed(AUTH_TOKEN, "status", STATUS_URL, statusCallback(twilioStatus)));

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.reports()).isEmpty();
  }

  @Test
  void undeliveredCallbackCarriesErrorCodeAndPrice() {
    Map<String, String> params = statusCallback("undelivered");
    params.put("ErrorCode", "30003");
    params.put("Price", "-0.00790");
    params.put("PriceUnit", "USD");

    WebhookResult result = receiver.receive(TwilioFixtures.signed(AUTH_TOKEN, "status", STATUS_URL, params));

    assertThat(result.reports()).singleElement().satisfies(r -> {
      assertThat(r.status()).isEqualTo(MessageStatus.UNDELIVERED);
      assertThat(r.errorCode()).isEqualTo("30003");
      assertThat(r.price()).isEqualByComparingTo(new BigDecimal("0.00790"));
      assertThat(r.priceCurrency()).isEqualTo("USD");
    });
  }

  @Test
  void callbackWithoutHeraldMessageIdIsReportedByProviderIdOnly() {
    String url = TwilioFixtures.PUBLIC_BASE_URL + "/webhooks/twilio/status";

    WebhookResult result = receiver.receive(TwilioFixtures.signed(AUTH_TOKEN, "status", url, statusCallback("sent")));

    assertThat(result.reports()).singleElement().satisfies(r -> {
      assertThat(r.messageId()).isNull();
      assertThat(r.providerMessageId()).isEqualTo(SID);
    });
  }

  @Test
  void signedCallbackWithoutMessageSidIsMalformed() {
    WebhookResult result = receiver.receive(TwilioFixtures.signed(AUTH_TOKEN, "status", STATUS_URL,
        Map.of("MessageStatus", "delivered")));

    assertThat(result.status()).isEqualTo(400);
  }

  @Test
  void inboundMmsBecomesAnInboundMessageAndAnEmptyTwimlReply() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("MessageSid", "MM" + "4".repeat(32));
    params.put("AccountSid", ACCOUNT_SID);
    params.put("From", "+14155552345");
    params.put("To", "+15017122661");
    params.put("Body", "STOP? no: see attached");
    params.put("NumMedia", "2");
    params.put("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages/MM1/Media/ME1");
    params.put("MediaContentType0", "image/jpeg");
    params.put("MediaUrl1", "https://api.twilio.com/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages/MM1/Media/ME2");
    params.put("MediaContentType1", "image/png");
    WebhookRequest request = TwilioFixtures.signed(AUTH_TOKEN, "inbound", INBOUND_URL, params);

    WebhookResult result = receiver.receive(request);

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.contentType()).isEqualTo("text/xml");
    assertThat(result.body()).isEqualTo("<Response/>");
    assertThat(result.inbound()).containsExactly(new InboundMessage("twilio", Channel.SMS, "+14155552345", "+15017122661",
        "STOP? no: see attached", List.of(params.get("MediaUrl0"), params.get("MediaUrl1")), "MM" + "4".repeat(32), NOW,
        request.bodyText()));
  }

  @Test
  void unsignedInboundMessageIsRejected() {
    WebhookResult result = receiver.receive(TwilioFixtures.request("inbound", INBOUND_URL,
        Map.of("MessageSid", "SM1", "From", "+1", "To", "+2", "Body", "hi"), Map.of()));

    assertThat(result.status()).isEqualTo(401);
    assertThat(result.inbound()).isEmpty();
  }

  @Test
  void unknownPathIsNotFoundOnceSigned() {
    String url = TwilioFixtures.PUBLIC_BASE_URL + "/webhooks/twilio/elsewhere";

    assertThat(receiver.receive(TwilioFixtures.signed(AUTH_TOKEN, "elsewhere", url, Map.of("A", "1"))).status()).isEqualTo(404);
    assertThat(receiver.receive(TwilioFixtures.request("elsewhere", url, Map.of("A", "1"), Map.of())).status()).isEqualTo(401);
  }

  @Test
  void signedGetIsRefused() {
    WebhookRequest signed = TwilioFixtures.signed(AUTH_TOKEN, "status", STATUS_URL, Map.of());
    WebhookRequest get = new WebhookRequest("GET", signed.path(), signed.publicUrl(), signed.headers(), signed.query(),
        Map.of(), new byte[0], NOW);

    assertThat(receiver.receive(get).status()).isEqualTo(405);
  }
}
