package dev.herald.provider.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.provider.webhook.StandardWebhookSignature.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StandardWebhookSignatureTest {
  // The Standard Webhooks reference libraries' signing vector (libraries/*/ tests in
  // github.com/standard-webhooks/standard-webhooks), also checked with openssl.
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long TIMESTAMP = 1614265330;
  private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
  private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
  private static final Instant NOW = Instant.ofEpochSecond(TIMESTAMP + 10);
  private static final Duration TOLERANCE = StandardWebhookSignature.DEFAULT_TOLERANCE;

  private final StandardWebhookSignature signature = new StandardWebhookSignature(SECRET);

  @Test
  void signingTheSpecificationsVectorGivesItsSignature() {
    assertThat(signature.sign(ID, TIMESTAMP, BODY)).isEqualTo(EXPECTED);
    assertThat(signature.keyLength()).isEqualTo(24);
  }

  @Test
  void theSpecificationsVectorVerifies() {
    assertThat(signature.verify(ID, String.valueOf(TIMESTAMP), BODY, EXPECTED, NOW, TOLERANCE)).isEqualTo(Verdict.VALID);
  }

  @Test
  void secretWithoutPrefixIsTheSameKey() {
    assertThat(new StandardWebhookSignature("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").sign(ID, TIMESTAMP, BODY)).isEqualTo(EXPECTED);
  }

  @Test
  void oneMatchingSignatureAmongSeveralIsEnough() {
    String header = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg== "
        + EXPECTED;

    assertThat(signature.verify(ID, String.valueOf(TIMESTAMP), BODY, header, NOW, TOLERANCE).isValid()).isTrue();
  }

  @Test
  void tamperedBodyIsAMismatch() {
    byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);

    assertThat(signature.verify(ID, String.valueOf(TIMESTAMP), tampered, EXPECTED, NOW, TOLERANCE)).isEqualTo(Verdict.MISMATCH);
  }

  @Test
  void changedIdOrTimestampIsAMismatch() {
    assertThat(signature.verify("msg_other", String.valueOf(TIMESTAMP), BODY, EXPECTED, NOW, TOLERANCE)).isEqualTo(Verdict.MISMATCH);
    assertThat(signature.verify(ID, String.valueOf(TIMESTAMP + 1), BODY, EXPECTED, NOW, TOLERANCE)).isEqualTo(Verdict.MISMATCH);
  }

  @Test
  void wrongSecretIsAMismatch() {
    var other = new StandardWebhookSignature("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]));

    assertThat(other.verify(ID, String.valueOf(TIMESTAMP), BODY, EXPECTED, NOW, TOLERANCE)).isEqualTo(Verdict.MISMATCH);
  }

  @Test
  void sameSignatureUnderAnotherSchemeIsNotAccepted() {
    String otherScheme = "v2," + EXPECTED.substring(3);

    assertThat(signature.verify(ID, String.valueOf(TIMESTAMP), BODY, otherScheme, NOW, TOLERANCE)).isEqualTo(Verdict.MISMATCH);
    assertThat(signature.verify(ID, String.valueOf(TIMESTAMP), BODY, "v1,not base64!", NOW, TOLERANCE)).isEqualTo(Verdict.MISMATCH);
  }

  @Test
  void replayedOldTimestampIsStale() {
    Instant sixMinutesLater = Instant.ofEpochSecond(TIMESTAMP).plus(Duration.ofMinutes(6));

    assertThat(signature.verify(ID, String.valueOf(TIMESTAMP), BODY, EXPECTED, sixMinutesLater, TOLERANCE)).isEqualTo(Verdict.STALE);
  }

  @Test
  void timestampFromTheFutureIsStale() {
    Instant sixMinutesEarlier = Instant.ofEpochSecond(TIMESTAMP).minus(Duration.ofMinutes(6));

    assertThat(signature.verify(ID, String.valueOf(TIMESTAMP), BODY, EXPECTED, sixMinutesEarlier, TOLERANCE)).isEqualTo(Verdict.STALE);
    assertThat(signature.verify(ID, "yesterday", BODY, EXPECTED, NOW, TOLERANCE)).isEqualTo(Verdict.STALE);
  }

  @Test
  void missingHeadersAreMissing() {
    assertThat(signature.verify(ID, String.valueOf(TIMESTAMP), BODY, null, NOW, TOLERANCE)).isEqualTo(Verdict.MISSING);
    assertThat(signature.verify(null, String.valueOf(TIMESTAMP), BODY, EXPECTED, NOW, TOLERANCE)).isEqualTo(Verdict.MISSING);
    assertThat(signature.verify(ID, " ", BODY, EXPECTED, NOW, TOLERANCE)).isEqualTo(Verdict.MISSING);
  }

  @Test
  void secretThatIsNotBase64IsRefused() {
    assertThatThrownBy(() -> new StandardWebhookSignature("whsec_!!!")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StandardWebhookSignature("")).isInstanceOf(IllegalArgumentException.class);
    assertThat(signature.toString()).doesNotContain("MfKQ9r8");
  }
}
