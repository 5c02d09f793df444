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
import java.nio.charset.StandardCharsets;
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

  /** twilio-java's {@code RequestValidatorTest} body vectors (token 12345). */
  private static final String JAVA_URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
  private static final String JAVA_BODY = "{\"property\": \"value\", \"boolean\": true}";
  private static final String JAVA_BODY_SHA256 = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";

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

  /**
   * Herald's {@code herald_message_id} is a query parameter of the StatusCallback URL, which Twilio
   * signs whole; the form parameters are signed too. A signed callback with another
   * {@code herald_message_id} added, in the URL or in the body, is refused.
   */
  @Test
  void heraldMessageIdAddedToASignedCallbackIsRefusedSinceTwilioSignsTheUrlAndTheForm() {
    List<WebhookRequest> altered = TwilioFixtures.withAnotherMessageId(AUTH_TOKEN, STATUS_URL, statusCallback("delivered"),
        "0195f3a2-0000-7000-8000-000000000000");

    assertThat(altered).extracting(receiver::receive).hasSize(2).allSatisfy(result -> {
      assertThat(result.status()).isEqualTo(403);
      assertThat(result.reports()).isEmpty();
    });
  }

  /**
   * {@code public_base_url} and the URL Twilio signed name the same resource but are spelt
   * differently: an explicit default port, a non-standard port Twilio left out, an escape.
   */
  @ParameterizedTest(name = "Herald {0}, Twilio signed {1}")
  @CsvSource(delimiter = '|', value = {
    "https://herald.example.com:443|https://herald.example.com",
    "https://herald.example.com|https://herald.example.com:443",
    "http://herald.example.com:80|http://herald.example.com",
    "https://herald.example.com:8443|https://herald.example.com",
    "https://herald.example.com/h%C3%A9raut|https://herald.example.com/héraut",
    "https://herald.example.com/o'neil|https://herald.example.com/o%27neil",
  })
  void callbackSignedOverAnotherSpellingOfThePublicUrlIsAccepted(String heraldBase, String twilioBase) {
    String path = "/webhooks/twilio/status?herald_message_id=" + MESSAGE_ID;
    Map<String, String> params = statusCallback("delivered");
    String signature = TwilioFixtures.signature(AUTH_TOKEN, twilioBase + path, params);

    WebhookResult result = receiver.receive(TwilioFixtures.request("status", heraldBase + path, params,
        Map.of("X-Twilio-Signature", List.of(signature))));

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.reports()).singleElement().satisfies(r -> assertThat(r.messageId()).isEqualTo(MESSAGE_ID));
  }

  private static WebhookResult receiveJson(String url, String body, String signature) {
    ChannelProvider javaVectors = new TwilioSmsFactory().create(TwilioFixtures.context("twilio", Map.of(
        "account_sid", ACCOUNT_SID, "auth_token", "12345", "from", "+15017122661")));
    try {
      Map<String, List<String>> query = new LinkedHashMap<>();
      for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
        query.put(pair.substring(0, pair.indexOf('=')), List.of(pair.substring(pair.indexOf('=') + 1)));
      }
      return javaVectors.webhookReceiver().receive(new WebhookRequest("POST", "status", url,
          Map.of("X-Twilio-Signature", List.of(signature), "Content-Type", List.of("application/json")), query, Map.of(),
          body.getBytes(StandardCharsets.UTF_8), NOW));
    } finally {
      javaVectors.close();
    }
  }

  /**
   * A JSON body whose SHA-256 is the signed URL's {@code bodySHA256} passes verification and
   * reaches the route (which wants a form, hence 400 rather than 401 or 403): twilio-java's
   * {@code testValidateWithBody} and {@code testValidateWithNoOtherParameters}.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "https://mycompany.com/myapp.php?foo=1&bar=2&bodySHA256=" + JAVA_BODY_SHA256 + "|a9nBmqA0ju/hNViExpshrM61xv4=",
    "https://mycompany.com/myapp.php?bodySHA256=" + JAVA_BODY_SHA256 + "|y77kIzt2vzLz71DgmJGsen2scGs=",
  })
  void jsonBodyMatchingTheSignedBodySha256PassesVerification(String url, String signature) {
    WebhookResult result = receiveJson(url, JAVA_BODY, signature);

    assertThat(result.status()).isEqualTo(400);
    assertThat(result.body()).contains("needs MessageSid and MessageStatus");
  }

  @Test
  void jsonBodyNotMatchingTheSignedBodySha256IsRefused() {
    WebhookResult result = receiveJson(JAVA_URL + "&bodySHA256=" + JAVA_BODY_SHA256,
        "{\"property\": \"tampered\", \"boolean\": true}", "a9nBmqA0ju/hNViExpshrM61xv4=");

    assertThat(result.status()).isEqualTo(403);
    assertThat(result.body()).contains("bodySHA256");
  }

  /** twilio-java's {@code testValidateBodyWithoutSignature}: a body no signature covers is refused. */
  @Test
  void jsonBodyWithoutBodySha256IsRefusedEvenWhenTheUrlSignatureMatches() {
    WebhookResult result = receiveJson(JAVA_URL, JAVA_BODY, TwilioFixtures.signature("12345", JAVA_URL, Map.of()));

    assertThat(result.status()).isEqualTo(403);
    assertThat(result.body()).contains("bodySHA256");
  }
}
