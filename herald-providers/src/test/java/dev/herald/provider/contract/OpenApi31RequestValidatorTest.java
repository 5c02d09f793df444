package dev.herald.provider.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract validator must reject what breaks a contract, or the contract tests prove nothing. */
class OpenApi31RequestValidatorTest {
  private static final String WHATSAPP_FILE = "whatsapp_business_messaging_api_v23.0.yaml";
  private static final String MESSAGES = "/v23.0/106540352242922/messages";
  private static final Function<String, String> META_HEADERS = Map.of(
      "Authorization", "Bearer EAAtoken", "Content-Type", "application/json", "User-Agent", "Herald/0.1.0")::get;
  private static final Function<String, String> SENDGRID_HEADERS = Map.of(
      "Authorization", "Bearer SG.key", "Content-Type", "application/json")::get;

  private static OpenApi31RequestValidator whatsapp;
  private static OpenApi31RequestValidator sendgrid;
  private static JsonNode metaExamples;

  @BeforeAll
  static void load() throws IOException {
    whatsapp = OpenApi31RequestValidator.load(OpenApi31RequestValidator.contract(WHATSAPP_FILE));
    sendgrid = OpenApi31RequestValidator.load(OpenApi31RequestValidator.contract("sendgrid_mail_v3.json"));
    metaExamples = new YAMLMapper().readTree(OpenApi31RequestValidator.contract(WHATSAPP_FILE).toFile())
        .at("/paths/~1{Version}~1{Phone-Number-ID}~1messages/post/requestBody/content/application~1json/examples");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Send Text Message", "Send Image Message by URL", "Send Document Message by URL",
      "Send Audio Message by URL", "Send Video Message by URL"})
  void metasOwnMessageExamplesConform(String example) {
    String body = metaExamples.path(example).path("value").toString();

    assertThat(whatsapp.validate("POST", MESSAGES, META_HEADERS, body)).isEmpty();
  }

  @Test
  void aTextMessageWithAnUnknownPropertyIsRejected() {
    String body = "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"16505551234\","
        + "\"type\":\"text\",\"text\":{\"body\":\"hi\"},\"surprise\":true}";

    assertThat(whatsapp.validate("POST", MESSAGES, META_HEADERS, body)).isNotEmpty();
  }

  @Test
  void aWhatsAppMessageWithoutRecipientIsRejected() {
    String body = "{\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}";

    assertThat(whatsapp.validate("POST", MESSAGES, META_HEADERS, body)).isNotEmpty();
  }

  @Test
  void aRequestWithoutBearerTokenIsRejected() {
    String body = metaExamples.path("Send Text Message").path("value").toString();

    assertThat(whatsapp.validate("POST", MESSAGES, Map.of("Content-Type", "application/json")::get, body))
        .anySatisfy(p -> assertThat(p).contains("Authorization"));
  }

  @Test
  void aMailSendThatBreaksTheSchemaIsRejected() {
    assertThat(sendgrid.validate("POST", "/v3/mail/send", SENDGRID_HEADERS, "{\"personalizations\":\"bad\",\"from\":5}"))
        .hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void aMinimalMailSendConforms() {
    String body = "{\"personalizations\":[{\"to\":[{\"email\":\"ada@example.com\"}]}],\"from\":{\"email\":\"noreply@example.com\"},"
        + "\"subject\":\"Hi\",\"content\":[{\"type\":\"text/plain\",\"value\":\"Hello\"}]}";

    assertThat(sendgrid.validate("POST", "/v3/mail/send", SENDGRID_HEADERS, body)).isEmpty();
  }

  @Test
  void aPathOutsideTheContractIsRejected() {
    assertThat(sendgrid.validate("POST", "/v3/mail/sendd", SENDGRID_HEADERS, "{}")).containsExactly("no path template matches /v3/mail/sendd");
  }
}
