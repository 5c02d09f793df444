package dev.herald.provider.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Twilio's request signature against Twilio's own published examples. */
class TwilioSignatureTest {
  /** The example of https://www.twilio.com/docs/usage/security#validating-requests. */
  private static final String DOCS_URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
  private static final String DOCS_TOKEN = "12345";

  private static Map<String, List<String>> docsParams(String caller) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put("To", List.of("+18005551212"));
    params.put("Digits", List.of("1234"));
    params.put("From", List.of(caller));
    params.put("CallSid", List.of("CA1234567890ABCDE"));
    params.put("Caller", List.of(caller));
    return params;
  }

  @Test
  void docsExampleSignatureVerifies() {
    TwilioSignature signature = new TwilioSignature(DOCS_TOKEN);

    assertThat(signature.sign(DOCS_URL, docsParams("+12349013030"))).isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    assertThat(signature.matches(DOCS_URL, docsParams("+12349013030"), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")).isTrue();
  }

  /** The vector of twilio-java's RequestValidatorTest (same URL and token, another caller). */
  @Test
  void helperLibraryExampleSignatureVerifies() {
    assertThat(new TwilioSignature(DOCS_TOKEN).matches(DOCS_URL, docsParams("+14158675309"), "RSOYDt4T1cUTdK1PDd93/VVr8B8="))
        .isTrue();
  }

  @Test
  void tamperedParameterDoesNotVerify() {
    Map<String, List<String>> params = docsParams("+12349013030");
    params.put("Digits", List.of("9999"));

    assertThat(new TwilioSignature(DOCS_TOKEN).matches(DOCS_URL, params, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")).isFalse();
  }

  @Test
  void tamperedQueryStringDoesNotVerify() {
    assertThat(new TwilioSignature(DOCS_TOKEN).matches("https://mycompany.com/myapp.php?foo=1&bar=3",
        docsParams("+12349013030"), "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")).isFalse();
  }

  @Test
  void wrongAuthTokenDoesNotVerify() {
    assertThat(new TwilioSignature("54321").matches(DOCS_URL, docsParams("+12349013030"), "0/KCTR6DLpKmkAf8muzZqo1nDgQ="))
        .isFalse();
  }

  @Test
  void addedParameterDoesNotVerify() {
    Map<String, List<String>> params = docsParams("+12349013030");
    params.put("Extra", List.of(""));

    assertThat(new TwilioSignature(DOCS_TOKEN).matches(DOCS_URL, params, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")).isFalse();
  }

  @Test
  void repeatedParameterContributesNameAndValueOncePerValueInValueOrder() {
    String signed = new TwilioSignature(DOCS_TOKEN).sign(DOCS_URL, Map.of("MediaUrl", List.of("b", "a")));

    assertThat(signed).isEqualTo(TwilioFixtures.signatureOfRaw(DOCS_TOKEN, DOCS_URL + "MediaUrlaMediaUrlb"));
  }

  @Test
  void parametersAreSortedCaseSensitively() {
    String signed = new TwilioSignature(DOCS_TOKEN).sign(DOCS_URL, Map.of("b", List.of("1"), "B", List.of("2"), "a", List.of("3")));

    assertThat(signed).isEqualTo(TwilioFixtures.signatureOfRaw(DOCS_TOKEN, DOCS_URL + "B2a3b1"));
  }
}
