package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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
