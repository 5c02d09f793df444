package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input to contacts, conversations and contact-addressed messages gets a clear 4xx problem document. */
class EngagementBadInputTest {
  @TempDir static Path dir;
  static TestServer server;
  static String contact;
  static String closed;

  @BeforeAll
  static void start() {
    server = new TestServer(dir);
    contact = server.post("/v1/contacts", "{\"phone\":\"+14155550150\"}").json().get("id").asText();
    String other = server.post("/v1/contacts", "{\"phone\":\"+14155550151\"}").json().get("id").asText();
    closed = server.post("/v1/conversations", "{\"contact_id\":\"" + other + "\"}").json().get("id").asText();
    server.post("/v1/conversations/" + closed + "/close", "");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        Arguments.of("unknown contact on a message", "POST", "/v1/messages",
            "{\"channel\":\"sms\",\"contact_id\":\"nobody\",\"body\":\"x\"}", 422, "contact_id"),
        Arguments.of("contact without an address for the channel", "POST", "/v1/messages",
            "{\"channel\":\"email\",\"contact_id\":\"$contact\",\"subject\":\"s\",\"body\":\"x\"}", 422, "contact_id"),
        Arguments.of("message joining a closed conversation", "POST", "/v1/messages",
            "{\"channel\":\"sms\",\"to\":\"+14155550151\",\"conversation_id\":\"$closed\",\"body\":\"x\"}", 409, null),
        Arguments.of("unknown contact", "GET", "/v1/contacts/nobody", null, 404, null),
        Arguments.of("contact without any address", "POST", "/v1/contacts", "{\"name\":\"Nemo\"}", 422, "phone"),
        Arguments.of("contact with bad fields", "POST", "/v1/contacts",
            "{\"phone\":\"nope\",\"time_zone\":\"Mars/Olympus\",\"locale\":\"??\"}", 422, "time_zone"),
        Arguments.of("contact with a mistyped field", "POST", "/v1/contacts", "{\"phone\":\"+14155550152\",\"allows_sms\":\"yes\"}",
            422, "allows_sms"),
        Arguments.of("address already taken", "POST", "/v1/contacts", "{\"phone\":\"+1 415 555 0150\"}", 409, null),
        Arguments.of("malformed merge patch", "PATCH", "/v1/conversations/$closed/context", "{\"a\":", 400, null),
        Arguments.of("merge patch that is not an object", "PATCH", "/v1/conversations/$closed/context", "[1]", 400, null),
        Arguments.of("merge into a closed conversation", "PATCH", "/v1/conversations/$closed/context", "{\"a\":1}", 409, null),
        Arguments.of("unknown conversation", "GET", "/v1/conversations/nothing", null, 404, null),
        Arguments.of("bad conversation status", "POST", "/v1/conversations/$closed/status", "{\"status\":\"sleeping\"}", 422, "status"),
        Arguments.of("conversation for an unknown contact", "POST", "/v1/conversations", "{\"contact_id\":\"nobody\"}", 404, null),
        Arguments.of("consent with an unknown state", "POST", "/v1/contacts/$contact/consent",
            "{\"channel\":\"sms\",\"state\":\"maybe\"}", 422, "state"),
        Arguments.of("forged unsubscribe link", "POST", "/unsubscribe/abc.def", "", 404, null));
  }

  @ParameterizedTest(name = "{0} → {4}")
  @MethodSource("badRequests")
  void badInputGetsAProblemDocument(String why, String method, String path, String body, int status, String field) {
    String p = path.replace("$contact", contact).replace("$closed", closed);
    String b = body == null ? null : body.replace("$contact", contact).replace("$closed", closed);
    TestServer.Response r = server.call(method, p, b);
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    JsonNode problem = r.json();
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("detail").asText()).isNotBlank();
    if (field != null) {
      assertThat(problem.get("errors").findValuesAsText("field")).contains(field);
    }
  }
}
