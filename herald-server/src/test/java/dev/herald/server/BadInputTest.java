package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of bad input gets a 4xx problem document naming the field, and creates nothing. */
class BadInputTest {
  @TempDir static Path dir;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = new TestServer(dir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<Arguments> badMessages() {
    return Stream.of(
        Arguments.of("malformed JSON", "{\"channel\":\"sms\",", 400, null),
        Arguments.of("not an object", "[1,2]", 400, null),
        Arguments.of("empty body", "", 400, null),
        Arguments.of("missing channel", "{\"to\":\"+14155550100\",\"body\":\"x\"}", 422, "channel"),
        Arguments.of("missing recipient", "{\"channel\":\"sms\",\"body\":\"x\"}", 422, "to"),
        Arguments.of("missing body", "{\"channel\":\"sms\",\"to\":\"+14155550100\"}", 422, "body"),
        Arguments.of("unknown channel", "{\"channel\":\"pigeon\",\"to\":\"+14155550100\",\"body\":\"x\"}", 422, "channel"),
        Arguments.of("unparseable phone number", "{\"channel\":\"sms\",\"to\":\"call me\",\"body\":\"x\"}", 422, "to"),
        Arguments.of("invalid phone number", "{\"channel\":\"sms\",\"to\":\"+1 555 12\",\"body\":\"x\"}", 422, "to"),
        Arguments.of("invalid email", "{\"channel\":\"email\",\"to\":\"bob@@example\",\"subject\":\"s\",\"body\":\"x\"}", 422, "to"),
        Arguments.of("email without subject", "{\"channel\":\"email\",\"to\":\"bob@example.com\",\"body\":\"x\"}", 422, "subject"),
        Arguments.of("sms body over the limit", "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"" + "a".repeat(1601) + "\"}", 422, "body"),
        Arguments.of("unknown field", "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"x\",\"colour\":\"red\"}", 422, "colour"),
        Arguments.of("bad send_at", "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"x\",\"send_at\":\"tomorrow\"}", 422, "send_at"),
        Arguments.of("expired before sending", "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"x\",\"expires_at\":\"2020-01-01T00:00:00Z\"}", 422, "expires_at"),
        Arguments.of("bad category", "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"x\",\"category\":\"spam\"}", 422, "category"),
        Arguments.of("body of the wrong type", "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":42}", 422, "body"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badMessages")
  void badMessageIsRefusedWithAProblemAndCreatesNothing(String name, String body, int status, String field) {
    int before = count();
    TestServer.Response r = server.post("/v1/messages", body);
    assertThat(r.status()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    JsonNode p = r.json();
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("type").asText()).startsWith("https://herald.dev/problems/");
    assertThat(p.get("detail").asText()).isNotBlank();
    if (field != null) {
      assertThat(p.get("errors").findValuesAsText("field")).contains(field);
    }
    assertThat(count()).isEqualTo(before);
  }

  /**
   * Every field that becomes an email header, with CR LF, lone CR, lone LF and NUL, both before an
   * injected header and body and at the very end (where an address would otherwise be trimmed).
   */
  static Stream<Arguments> headerInjections() {
    Map<String, String> controls = Map.of("CR LF", "\r\n", "CR", "\r", "LF", "\n", "NUL", "\u0000");
    return Stream.of("to", "from", "subject", "metadata/reply_to", "metadata/list_unsubscribe").flatMap(field ->
        controls.entrySet().stream().flatMap(c -> Stream.of(
            Arguments.of(field, c.getKey() + " before an injected header", c.getValue()
                + "Reply-To: evil@attacker.test" + c.getValue() + c.getValue() + "Replaced body"),
            Arguments.of(field, "trailing " + c.getKey(), c.getValue()))));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("headerInjections")
  void lineBreakOrNulInAHeaderBoundFieldIsRefusedNamingTheFieldAndCreatesNothing(String field, String name, String suffix) {
    ObjectNode email = marketingEmail();
    ObjectNode holder = field.startsWith("metadata/") ? (ObjectNode) email.get("metadata") : email;
    String key = field.substring(field.indexOf('/') + 1);
    holder.put(key, holder.get(key).asText() + suffix);
    int before = count();

    TestServer.Response r = server.post("/v1/messages", email.toString());

    assertThat(r.status()).isEqualTo(422);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("errors")).anySatisfy(e -> {
      assertThat(e.get("field").asText()).isEqualTo(field);
      assertThat(e.get("detail").asText()).contains("CR, LF or NUL");
    });
    assertThat(count()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"http://shop.example.com/unsubscribe", "javascript:alert(1)", "ftp://shop.example.com/u",
      "<https://shop.example.com/unsubscribe>", "https://shop.example.com/u>, <https://attacker.test/x",
      "https:///no-host", "/unsubscribe/relative", "mailto:", "mailto:not-an-address", "mailto:a@b.example,c@d.example"})
  void callersListUnsubscribeThatIsNotOneHttpsOrMailtoUriIsRefusedAndCreatesNothing(String value) {
    ObjectNode email = marketingEmail();
    ((ObjectNode) email.get("metadata")).put("list_unsubscribe", value);
    int before = count();

    TestServer.Response r = server.post("/v1/messages", email.toString());

    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("errors").findValuesAsText("field")).containsExactly("metadata/list_unsubscribe");
    assertThat(count()).isEqualTo(before);
  }

  @Test
  void retryEditingTheSubjectWithALineBreakIsRefusedAndLeavesTheMessageAsItWas() {
    String id = server.post("/v1/messages", "{\"channel\":\"email\",\"to\":\"invalid@example.com\","
        + "\"subject\":\"Receipt\",\"body\":\"Thanks\"}").json().get("id").asText();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.status(id).equals("failed"));

    TestServer.Response r = server.post("/v1/messages/" + id + "/retry",
        "{\"subject\":\"Receipt\\r\\nBcc: evil@attacker.test\"}");

    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("errors").findValuesAsText("field")).containsExactly("subject");
    JsonNode message = server.get("/v1/messages/" + id).json();
    assertThat(message.get("status").asText()).isEqualTo("failed");
    assertThat(message.get("subject").asText()).isEqualTo("Receipt");
  }

  /** A marketing email with every header-bound field set to a good value. */
  private static ObjectNode marketingEmail() {
    ObjectNode email = TestServer.JSON.createObjectNode().put("channel", "email").put("to", "ada@example.com")
        .put("from", "shop@example.com").put("subject", "Spring sale").put("body", "Original body")
        .put("category", "marketing");
    email.putObject("metadata").put("reply_to", "support@example.com")
        .put("list_unsubscribe", "https://shop.example.com/unsubscribe/ada");
    return email;
  }

  @Test
  void missingApiKeyIsUnauthorized() {
    TestServer.Response r = server.postWithoutKey("/v1/messages", "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"x\"}");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.raw().headers().firstValue("WWW-Authenticate")).isPresent();
  }

  @Test
  void wrongApiKeyIsUnauthorizedAndCreatesNothing() {
    int before = count();
    TestServer.Response r = server.postWithoutKey("/v1/messages", "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"x\"}",
        "Authorization", "Bearer hk_wrong");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("detail").asText()).contains("not valid");
    assertThat(count()).isEqualTo(before);
  }

  @Test
  void unknownMessageIsNotFound() {
    assertThat(server.get("/v1/messages/0190d5a0-0000-7000-8000-000000000000").status()).isEqualTo(404);
    assertThat(server.get("/v1/messages/not-an-id").status()).isEqualTo(404);
  }

  private static int count() {
    return server.get("/v1/messages?limit=500").json().get("data").size();
  }
}
