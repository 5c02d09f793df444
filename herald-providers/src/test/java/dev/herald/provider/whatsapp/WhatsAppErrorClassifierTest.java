package dev.herald.provider.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.DeliveryOutcome.PermanentFailure;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WhatsAppErrorClassifierTest {

  @ParameterizedTest(name = "code {0} with HTTP {1} is {2}")
  @CsvSource({
      "131047, 400, permanent_failure",
      "131026, 400, permanent_failure",
      "131051, 400, permanent_failure",
      "100, 400, permanent_failure",
      "132000, 400, permanent_failure",
      "132001, 404, permanent_failure",
      "190, 401, permanent_failure",
      "130429, 400, transient_failure",
      "130429, 429, transient_failure",
      "131056, 400, transient_failure",
      "80007, 400, transient_failure",
      "131000, 500, transient_failure",
      "131016, 503, transient_failure",
      "131047, 500, permanent_failure",
      "999999, 400, permanent_failure",
      "999999, 502, transient_failure",
      "0, 500, transient_failure",
      "0, 429, transient_failure",
      "0, 403, permanent_failure"})
  void graphErrorCodeDecidesBeforeHttpStatus(int code, int httpStatus, String kind) {
    GraphError error = code == 0 ? GraphError.parse("not json") : new GraphError(code, 0, "OAuthException", "m", null, null);

    assertThat(WhatsAppErrorClassifier.classify(httpStatus, error, null).kind()).isEqualTo(kind);
  }

  @Test
  void userWhoStoppedMarketingMessagesIsPermanentAndOptedOut() {
    DeliveryOutcome outcome = WhatsAppErrorClassifier.classify(400,
        new GraphError(131050, 0, "OAuthException", "User has stopped marketing messages", null, null), null);

    assertThat(outcome).isInstanceOfSatisfying(PermanentFailure.class, p -> assertThat(p.recipientOptedOut()).isTrue());
  }

  @Test
  void graphErrorBodyIsReadWithDetailsAndTrace() {
    GraphError error = GraphError.parse("{\"error\":{\"message\":\"(#131026) Message undeliverable\",\"type\":\"OAuthException\","
        + "\"code\":131026,\"error_subcode\":2494010,\"error_data\":{\"messaging_product\":\"whatsapp\","
        + "\"details\":\"Recipient is not a valid WhatsApp user\"},\"fbtrace_id\":\"Az8or2yhqkZfEZ-_4Qn_Bam\"}}");

    assertThat(error.code()).isEqualTo(131026);
    assertThat(error.subcode()).isEqualTo(2494010);
    assertThat(error.reason()).isEqualTo(
        "(#131026) Message undeliverable: Recipient is not a valid WhatsApp user (fbtrace_id Az8or2yhqkZfEZ-_4Qn_Bam)");
  }

  @Test
  void retryAfterIsPassedOnForTransientFailures() {
    DeliveryOutcome outcome = WhatsAppErrorClassifier.classify(429,
        new GraphError(80007, 0, null, "Rate limit", null, null), Duration.ofMinutes(2));

    assertThat(outcome).isEqualTo(new DeliveryOutcome.TransientFailure("80007", "Rate limit", Duration.ofMinutes(2), 429));
  }
}
