package dev.herald.provider.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  /**
   * The URL Herald rebuilds from {@code public_base_url} and the signature Twilio sent for the same
   * resource spelt with or without a port: the vectors of twilio-python's {@code test_request_validator.py}
   * (token 12345, twilio-java's parameters), whose validators, like twilio-java's, twilio-node's and
   * twilio-go's, try the URL with the default port added and with any port removed.
   */
  @ParameterizedTest(name = "{2}")
  @CsvSource(delimiter = '|', value = {
    "https://mycompany.com/myapp.php?foo=1&bar=2|RSOYDt4T1cUTdK1PDd93/VVr8B8=|same URL",
    "https://mycompany.com:443/myapp.php?foo=1&bar=2|RSOYDt4T1cUTdK1PDd93/VVr8B8=|explicit :443, signed without it",
    "https://mycompany.com/myapp.php?foo=1&bar=2|kvajT1Ptam85bY51eRf/AJRuM3w=|signed with :443 added (test_validation_adds_port_on_https)",
    "http://mycompany.com/myapp.php?foo=1&bar=2|0ZXoZLH/DfblKGATFgpif+LLRf4=|signed with :80 added (test_validation_adds_port_on_http)",
    "https://mycompany.com:1234/myapp.php?foo=1&bar=2|RSOYDt4T1cUTdK1PDd93/VVr8B8=|non-standard port stripped (test_validation_removes_port_on_https)",
    "http://mycompany.com:1234/myapp.php?foo=1&bar=2|Zmvh+3yNM1Phv2jhDCwEM3q5ebU=|non-standard port kept (test_validation_removes_port_on_http)",
  })
  void urlSignedWithOrWithoutItsPortVerifiesAsTwiliosHelperLibrariesAccept(String heraldUrl, String twilioSignature,
      String variant) {
    assertThat(new TwilioSignature(DOCS_TOKEN).matches(heraldUrl, docsParams("+14158675309"), twilioSignature)).isTrue();
  }

  @Test
  void urlSignedWithAnotherPortDoesNotVerify() {
    String signedWith1234 = TwilioFixtures.signature(DOCS_TOKEN, "https://mycompany.com:1234/myapp.php?foo=1&bar=2", Map.of());

    assertThat(new TwilioSignature(DOCS_TOKEN).matches("https://mycompany.com:8443/myapp.php?foo=1&bar=2", Map.of(),
        signedWith1234)).isFalse();
  }

  /**
   * twilio-node's {@code webhooks.spec.js} ("a query param containing an unescaped/escaped single
   * quote", token s3cr3t): a signature over the URL with {@code '} verifies for the URL with
   * {@code %27} and the other way round.
   */
  @ParameterizedTest(name = "signed {0}, received {1}")
  @CsvSource(delimiter = '|', value = {
    "https://example.com/path?test=param'WithQuote|https://example.com/path?test=param%27WithQuote",
    "https://example.com/path?test=param%27WithQuote|https://example.com/path?test=param'WithQuote",
  })
  void apostropheEscapedOrNotVerifies(String signedUrl, String heraldUrl) {
    String twilioSignature = TwilioFixtures.signature("s3cr3t", signedUrl, Map.of());

    assertThat(new TwilioSignature("s3cr3t").matches(heraldUrl, Map.of(), twilioSignature)).isTrue();
  }

  @ParameterizedTest(name = "signed {0}, received {1}")
  @CsvSource(delimiter = '|', value = {
    "https://herald.example.com/webhooks/twilio/inbound?shop=café|https://herald.example.com/webhooks/twilio/inbound?shop=caf%C3%A9",
    "https://example.com/h%C3%A9raut/webhooks/twilio/inbound|https://example.com/héraut/webhooks/twilio/inbound",
    "https://example.com/h%C3%A9raut/webhooks/twilio/inbound|https://example.com:443/héraut/webhooks/twilio/inbound",
  })
  void nonAsciiEscapedOrNotVerifies(String signedUrl, String heraldUrl) {
    Map<String, List<String>> params = Map.of("MessageSid", List.of("SM1"));
    String twilioSignature = TwilioFixtures.signature(DOCS_TOKEN, signedUrl, Map.of("MessageSid", "SM1"));

    assertThat(new TwilioSignature(DOCS_TOKEN).matches(heraldUrl, params, twilioSignature)).isTrue();
  }

  /**
   * Only escapes of the apostrophe and of non-ASCII are read both ways: an escaped '&' or '=' is part
   * of a value, and a spelling that read it as a delimiter would name other parameters.
   */
  @ParameterizedTest(name = "signed {0}, received {1}")
  @CsvSource(delimiter = '|', value = {
    "https://herald.example.com/webhooks/twilio/inbound?tag=a%26herald_message_id%3DB|https://herald.example.com/webhooks/twilio/inbound?tag=a&herald_message_id=B",
    "https://herald.example.com/webhooks/twilio/inbound?tag=a&herald_message_id=B|https://herald.example.com/webhooks/twilio/inbound?tag=a%26herald_message_id%3DB",
  })
  void escapedDelimitersAreNotReadAsDelimiters(String signedUrl, String heraldUrl) {
    String twilioSignature = TwilioFixtures.signature(DOCS_TOKEN, signedUrl, Map.of());

    assertThat(new TwilioSignature(DOCS_TOKEN).matches(heraldUrl, Map.of(), twilioSignature)).isFalse();
  }
}
