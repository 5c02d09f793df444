package dev.herald.provider.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.DeliveryOutcome.PermanentFailure;
import dev.herald.core.provider.DeliveryOutcome.TransientFailure;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which Twilio failures are retried. */
class TwilioErrorsTest {
  private final TwilioErrors errors = new TwilioErrors(TwilioFixtures.CLOCK);

  private static String body(int code, int status) {
    return "{\"code\": " + code + ", \"message\": \"m" + code + "\", \"more_info\": \"https://www.twilio.com/docs/errors/"
        + code + "\", \"status\": " + status + "}";
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"21211", "21614", "21408", "21606", "21659"})
  void recipientAndSenderErrorsArePermanent(int code) {
    DeliveryOutcome outcome = errors.classify(400, body(code, 400), null);

    assertThat(outcome).isEqualTo(new PermanentFailure(Integer.toString(code),
        "m" + code + " (https://www.twilio.com/docs/errors/" + code + ")", 400, false));
  }

  @Test
  void unsubscribedRecipientIsPermanentAndOptedOut() {
    assertThat(errors.classify(400, body(21610, 400), null))
        .isInstanceOfSatisfying(PermanentFailure.class, p -> assertThat(p.recipientOptedOut()).isTrue());
  }

  @Test
  void throttlingCodeIsTransientEvenWithoutStatus429() {
    assertThat(errors.classify(400, body(20429, 400), "3"))
        .isEqualTo(new TransientFailure("20429", "m20429 (https://www.twilio.com/docs/errors/20429)", Duration.ofSeconds(3), 400));
  }

  @Test
  void status429WithoutTwilioBodyIsTransient() {
    assertThat(errors.classify(429, "", "7")).isEqualTo(new TransientFailure("http_429", "HTTP 429", Duration.ofSeconds(7), 429));
  }

  @Test
  void retryAfterAsHttpDateCountsFromTheClock() {
    assertThat(errors.retryAfter("Sun, 01 Mar 2026 12:00:42 GMT")).isEqualTo(Duration.ofSeconds(42));
    assertThat(errors.retryAfter("Sun, 01 Mar 2026 11:00:00 GMT")).isEqualTo(Duration.ZERO);
    assertThat(errors.retryAfter("soon")).isNull();
  }

  @ParameterizedTest
  @CsvSource({"500", "502", "503", "504"})
  void serverErrorsAreTransient(int status) {
    assertThat(errors.classify(status, "<html>Bad Gateway</html>", null))
        .isInstanceOfSatisfying(TransientFailure.class, t -> {
          assertThat(t.code()).isEqualTo("http_" + status);
          assertThat(t.reason()).contains("Bad Gateway");
        });
  }

  @ParameterizedTest
  @CsvSource({"400, 21602", "401, 20003", "404, 20404", "403, 20008"})
  void otherClientErrorsArePermanent(int status, int code) {
    assertThat(errors.classify(status, body(code, status), null)).isInstanceOfSatisfying(PermanentFailure.class, p -> {
      assertThat(p.code()).isEqualTo(Integer.toString(code));
      assertThat(p.recipientOptedOut()).isFalse();
    });
  }

  @Test
  void redirectFromAMistypedBaseUrlIsTransient() {
    assertThat(errors.classify(301, "", null)).isInstanceOf(TransientFailure.class);
  }

  @Test
  void timeoutsAndIoErrorsAreTransientWithoutHttpStatus() {
    assertThat(errors.timeout(Duration.ofSeconds(10))).isInstanceOfSatisfying(TransientFailure.class,
        t -> assertThat(t.httpStatus()).isZero());
    assertThat(errors.ioFailure(new IOException("connection reset"))).isInstanceOfSatisfying(TransientFailure.class,
        t -> assertThat(t.reason()).contains("connection reset"));
  }
}
