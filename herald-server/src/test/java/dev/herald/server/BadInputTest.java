package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of bad input gets a 4xx problem document naming the field, and changes nothing: the
 * cases of issue 19, then a fuzz suite generated from {@code /openapi.json} over every route.
 */
class BadInputTest {
  static final int MAX_REQUEST_BYTES = 256 * 1024;
  static final int MAX_OBJECT_BYTES = 8 * 1024;
  static final int MAX_OBJECT_DEPTH = 8;
  /** The fuzz suite's seed; {@code -Dherald.fuzz.seed=N} runs another. */
  static final long SEED = Long.getLong("herald.fuzz.seed", 19L);
  static final String SMS = "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"x\"}";

  @TempDir static Path dir;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = new TestServer(dir, Map.of("max_request_bytes", String.valueOf(MAX_REQUEST_BYTES),
        "max_object_bytes", String.valueOf(MAX_OBJECT_BYTES), "max_object_depth", String.valueOf(MAX_OBJECT_DEPTH)),
        Clock.systemUTC(), List.of());
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
        Arguments.of("body of the wrong type", "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":42}", 422, "body"),
        Arguments.of("send_at in year +999999999",
            "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"x\",\"send_at\":\"+999999999-01-01T00:00:00Z\"}", 422, "send_at"),
        Arguments.of("expires_at in year -999999999",
            "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"x\",\"expires_at\":\"-999999999-01-01T00:00:00Z\"}", 422, "expires_at"),
        Arguments.of("send_at in year 10000",
            "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"x\",\"send_at\":\"+10000-01-01T00:00:00Z\"}", 422, "send_at"),
        Arguments.of("metadata nested past the parser's depth", "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"x\","
            + "\"metadata\":" + "{\"a\":".repeat(1_200) + "1" + "}".repeat(1_200) + "}", 422, "metadata"),
        Arguments.of("a number of 1,000 digits", "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"x\","
            + "\"metadata\":{\"n\":" + "1".repeat(1_000) + "}}", 422, "metadata/n"),
        Arguments.of("a name of 50,000 characters", "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"x\","
            + "\"metadata\":{\"" + "k".repeat(50_000) + "\":1}}", 422, "metadata"),
        Arguments.of("a lone surrogate in the body", "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"x\\ud800y\"}", 422, "body"),
        Arguments.of("a lone surrogate in a metadata name", "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"x\","
            + "\"metadata\":{\"k\\udc00\":\"v\"}}", 422, "metadata"),
        Arguments.of("metadata over max_object_bytes", "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"x\","
            + "\"metadata\":{\"k\":\"" + "v".repeat(MAX_OBJECT_BYTES) + "\"}}", 413, "metadata"),
        Arguments.of("data after the JSON value", SMS + " trailing", 400, null),
        Arguments.of("a second JSON value", SMS + SMS, 400, null),
        Arguments.of("body over max_request_bytes", "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\""
            + "x".repeat(MAX_REQUEST_BYTES) + "\"}", 413, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badMessages")
  void badMessageIsRefusedWithAProblemAndCreatesNothing(String name, String body, int status, String field) {
    int before = count("messages");
    TestServer.RawResponse r = server.exchange("POST", "/v1/messages", body.getBytes(StandardCharsets.UTF_8),
        "Content-Type", "application/json");
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    JsonNode p = RouteFuzz.assertProblem(r, name);
    assertThat(p.get("detail").asText()).isNotBlank();
    if (field != null) {
      assertThat(RouteFuzz.names(p, field)).as("%s names %s", r.text(), field).isTrue();
    }
    assertThat(count("messages")).isEqualTo(before);
  }

  @Test
  void yearsPast9999InListFiltersAreRefusedNamingTheParameter() {
    for (String param : List.of("created_after", "created_before")) {
      TestServer.RawResponse r = server.exchange("GET", "/v1/messages?" + param + "=%2B999999999-01-01T00:00:00Z", null);
      assertThat(r.status()).as(r.text()).isEqualTo(422);
      assertThat(RouteFuzz.fields(RouteFuzz.assertProblem(r, param))).containsExactly(param);
    }
  }

  @Test
  void bodyNotDeclaredAsJsonIsUnsupportedAndCreatesNothing() {
    int before = count("messages");
    byte[] body = SMS.getBytes(StandardCharsets.UTF_8);
    for (String[] headers : List.of(new String[] {"Content-Type", "text/plain"}, new String[0],
        new String[] {"Content-Type", "application/x-www-form-urlencoded"},
        new String[] {"Content-Type", "application/json; charset=iso-8859-1"})) {
      TestServer.RawResponse r = server.exchange("POST", "/v1/messages", body, headers);
      assertThat(r.status()).as(String.join(": ", headers) + " → " + r.text()).isEqualTo(415);
      RouteFuzz.assertProblem(r, String.join(": ", headers));
    }
    assertThat(count("messages")).isEqualTo(before);
  }

  @Test
  void bodiesThatAreNotUtf8AreMalformedAndChangeNothing() {
    String contact = server.post("/v1/contacts", "{\"phone\":\"+14155550167\"}").json().get("id").asText();
    String path = "/v1/conversations/" + server.post("/v1/conversations", "{\"contact_id\":\"" + contact + "\"}").json()
        .get("id").asText();
    JsonNode before = server.get(path).json();
    Map<String, byte[]> bodies = Map.of(
        "an overlong '/'", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'},
        "a surrogate encoded in UTF-8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'},
        "UTF-16 with a byte order mark", "{\"a\":1}".getBytes(StandardCharsets.UTF_16),
        "UTF-16 without one", "{\"a\":1}".getBytes(StandardCharsets.UTF_16LE),
        "UTF-32", "{\"a\":1}".getBytes(java.nio.charset.Charset.forName("UTF-32")));
    bodies.forEach((what, body) -> {
      TestServer.RawResponse r = server.exchange("PATCH", path + "/context", body, "Content-Type", "application/json");
      assertThat(r.status()).as(what + " → " + r.text()).isEqualTo(400);
      RouteFuzz.assertProblem(r, what);
    });
    assertThat(server.get(path).json()).isEqualTo(before);
  }

  @Test
  void jsonMediaTypesWithParametersOrSuffixesAreAccepted() {
    int before = count("contacts");
    for (String type : List.of("application/json; charset=utf-8", "Application/JSON", "application/merge-patch+json")) {
      TestServer.RawResponse r = server.exchange("POST", "/v1/contacts", "{\"name\":\"Ada\"}".getBytes(StandardCharsets.UTF_8),
          "Content-Type", type);
      assertThat(r.status()).as(type + " → " + r.text()).isEqualTo(422);
      assertThat(RouteFuzz.fields(RouteFuzz.assertProblem(r, type))).containsExactly("phone");
    }
    assertThat(count("contacts")).isEqualTo(before);
  }

  @Test
  void problemTextOutsideAsciiIsSentAsUtf8() {
    TestServer.RawResponse r = server.exchange("POST", "/v1/messages",
        "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"x\",\"colouré\":\"ü\"}".getBytes(StandardCharsets.UTF_8),
        "Content-Type", "application/json");
    assertThat(r.status()).isEqualTo(422);
    assertThat(RouteFuzz.fields(RouteFuzz.assertProblem(r, "non-ASCII field"))).containsExactly("colouré");
  }

  @Test
  void errorsFromTheServerUnderHeraldAreProblemDocumentsForEveryMethod() {
    for (String method : List.of("GET", "POST", "PATCH", "DELETE", "PUT", "OPTIONS")) {
      for (String path : List.of("/%FF", "/v1/contacts/%FF", "/v1/conversations/%C0%AF/context")) {
        TestServer.RawResponse r = server.exchange(method, path, null);
        assertThat(r.status()).as(method + " " + path).isEqualTo(400);
        RouteFuzz.assertProblem(r, method + " " + path);
      }
    }
    TestServer.RawResponse longUri = server.exchange("GET", "/v1/messages/" + "u".repeat(20_000), null);
    assertThat(longUri.status()).isEqualTo(414);
    RouteFuzz.assertProblem(longUri, "URI too long");
    TestServer.RawResponse bigHeader = server.exchange("GET", "/v1/messages", null, "X-Big", "h".repeat(20_000));
    assertThat(bigHeader.status()).isEqualTo(431);
    RouteFuzz.assertProblem(bigHeader, "header too large");
  }

  @Test
  void getOnTheMcpEndpointIsAProblemNotAPage() {
    TestServer.RawResponse r = server.exchange("GET", "/mcp", null, "Accept", "text/html");
    assertThat(r.status()).isEqualTo(405);
    RouteFuzz.assertProblem(r, "GET /mcp");
  }

  @Test
  void mcpBodiesThatAreNotJsonGetProblemsWithoutStackTraces() {
    for (String body : List.of("{\"jsonrpc\":", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"} x", "[1,2]")) {
      TestServer.RawResponse r = server.exchange("POST", "/mcp", body.getBytes(StandardCharsets.UTF_8),
          "Content-Type", "application/json", "Accept", "application/json, text/event-stream");
      assertThat(r.status()).as(body + " → " + r.text()).isEqualTo(400);
      RouteFuzz.assertProblem(r, body);
    }
    TestServer.RawResponse big = server.exchange("POST", "/mcp", ("{\"jsonrpc\":\"2.0\",\"id\":\"" + "1".repeat(MAX_REQUEST_BYTES)
        + "\",\"method\":\"tools/list\"}").getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json",
        "Accept", "application/json, text/event-stream");
    assertThat(big.status()).isEqualTo(413);
    RouteFuzz.assertProblem(big, "MCP body over max_request_bytes");
    TestServer.RawResponse text = server.exchange("POST", "/mcp", "{}".getBytes(StandardCharsets.UTF_8),
        "Content-Type", "text/plain", "Accept", "application/json, text/event-stream");
    assertThat(text.status()).isEqualTo(415);
    RouteFuzz.assertProblem(text, "MCP body as text/plain");
  }

  @Test
  void contactMetadataOverTheLimitIsRefusedNamingIt() {
    int before = count("contacts");
    TestServer.RawResponse r = server.exchange("POST", "/v1/contacts", ("{\"phone\":\"+14155550161\",\"metadata\":{\"k\":\""
        + "v".repeat(MAX_OBJECT_BYTES) + "\"}}").getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
    assertThat(r.status()).as(r.text()).isEqualTo(413);
    assertThat(RouteFuzz.fields(RouteFuzz.assertProblem(r, "contact metadata"))).containsExactly("metadata");
    assertThat(count("contacts")).isEqualTo(before);
  }

  @Test
  void mergesCannotGrowAConversationContextPastTheLimit() {
    String contact = server.post("/v1/contacts", "{\"phone\":\"+14155550162\"}").json().get("id").asText();
    String path = "/v1/conversations/" + server.post("/v1/conversations", "{\"contact_id\":\"" + contact + "\"}").json()
        .get("id").asText();
    String third = "x".repeat(MAX_OBJECT_BYTES / 3);
    assertThat(server.call("PATCH", path + "/context", "{\"a\":\"" + third + "\"}").status()).isEqualTo(200);
    assertThat(server.call("PATCH", path + "/context", "{\"b\":\"" + third + "\"}").status()).isEqualTo(200);
    JsonNode before = server.get(path).json();

    TestServer.RawResponse tooLarge = server.exchange("PATCH", path + "/context",
        ("{\"c\":\"" + third + "\",\"d\":\"" + third + "\"}").getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
    assertThat(tooLarge.status()).as(tooLarge.text()).isEqualTo(413);
    assertThat(RouteFuzz.fields(RouteFuzz.assertProblem(tooLarge, "merge past the limit"))).containsExactly("context");
    TestServer.RawResponse tooDeep = server.exchange("PATCH", path + "/context", ("{\"e\":" + "{\"f\":".repeat(MAX_OBJECT_DEPTH)
        + "1" + "}".repeat(MAX_OBJECT_DEPTH) + "}").getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
    assertThat(tooDeep.status()).as(tooDeep.text()).isEqualTo(422);
    assertThat(RouteFuzz.fields(RouteFuzz.assertProblem(tooDeep, "merge too deep"))).containsExactly("context");
    assertThat(server.get(path).json()).isEqualTo(before);
  }

  @Test
  void contextTooLargeForANewConversationOpensNone() {
    String contact = server.post("/v1/contacts", "{\"phone\":\"+14155550163\"}").json().get("id").asText();
    int before = count("conversations");
    TestServer.RawResponse r = server.exchange("POST", "/v1/conversations", ("{\"contact_id\":\"" + contact
        + "\",\"context\":{\"k\":\"" + "v".repeat(MAX_OBJECT_BYTES) + "\"}}").getBytes(StandardCharsets.UTF_8),
        "Content-Type", "application/json");
    assertThat(r.status()).as(r.text()).isEqualTo(413);
    assertThat(RouteFuzz.fields(RouteFuzz.assertProblem(r, "context too large"))).containsExactly("context");
    assertThat(count("conversations")).isEqualTo(before);
  }

  /** Issue 19, point 4: six merges of 12 MB took a context to 75 MB; with the default limits each is refused. */
  @Test
  void twelveMegabyteContextMergesAreRefusedUnderTheDefaultLimitsAndChangeNothing(@TempDir Path own) {
    try (TestServer defaults = new TestServer(own)) {
      String contact = defaults.post("/v1/contacts", "{\"phone\":\"+14155550164\"}").json().get("id").asText();
      String path = "/v1/conversations/" + defaults.post("/v1/conversations", "{\"contact_id\":\"" + contact
          + "\",\"context\":{\"topic\":\"order 1001\"}}").json().get("id").asText();
      JsonNode before = defaults.get(path).json();
      byte[] twelveMegabytes = ("{\"blob\":\"" + "z".repeat(12 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i < 6; i++) {
        TestServer.RawResponse r = defaults.exchange("PATCH", path + "/context", twelveMegabytes, "Content-Type", "application/json");
        assertThat(r.status()).as("merge %d: %s", i, r.text()).isEqualTo(413);
        assertThat(RouteFuzz.names(RouteFuzz.assertProblem(r, "12 MB merge"), "context")).as(r.text()).isTrue();
      }
      assertThat(defaults.get(path).json()).isEqualTo(before);
    }
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
    int before = count("messages");

    TestServer.Response r = server.post("/v1/messages", email.toString());

    assertThat(r.status()).isEqualTo(422);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("errors")).anySatisfy(e -> {
      assertThat(e.get("field").asText()).isEqualTo(field);
      assertThat(e.get("detail").asText()).contains("CR, LF or NUL");
    });
    assertThat(count("messages")).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"http://shop.example.com/unsubscribe", "javascript:alert(1)", "ftp://shop.example.com/u",
      "<https://shop.example.com/unsubscribe>", "https://shop.example.com/u>, <https://attacker.test/x",
      "https:///no-host", "/unsubscribe/relative", "mailto:", "mailto:not-an-address", "mailto:a@b.example,c@d.example"})
  void callersListUnsubscribeThatIsNotOneHttpsOrMailtoUriIsRefusedAndCreatesNothing(String value) {
    ObjectNode email = marketingEmail();
    ((ObjectNode) email.get("metadata")).put("list_unsubscribe", value);
    int before = count("messages");

    TestServer.Response r = server.post("/v1/messages", email.toString());

    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("errors").findValuesAsText("field")).containsExactly("metadata/list_unsubscribe");
    assertThat(count("messages")).isEqualTo(before);
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
    TestServer.Response r = server.postWithoutKey("/v1/messages", SMS);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.raw().headers().firstValue("WWW-Authenticate")).isPresent();
  }

  @Test
  void wrongApiKeyIsUnauthorizedAndCreatesNothing() {
    int before = count("messages");
    TestServer.Response r = server.postWithoutKey("/v1/messages", SMS, "Authorization", "Bearer hk_wrong");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("detail").asText()).contains("not valid");
    assertThat(count("messages")).isEqualTo(before);
  }

  @Test
  void unknownMessageIsNotFound() {
    assertThat(server.get("/v1/messages/0190d5a0-0000-7000-8000-000000000000").status()).isEqualTo(404);
    assertThat(server.get("/v1/messages/not-an-id").status()).isEqualTo(404);
  }

  /**
   * Every route of {@code /openapi.json} under generated bad input ({@link RouteFuzz}): never a 5xx,
   * every error a UTF-8 problem document without a stack trace, bad bodies refused naming their
   * field, and nothing created or changed.
   */
  @TestFactory
  Stream<DynamicTest> everyDocumentedRouteRefusesBadInputAndChangesNothing() {
    String message = server.post("/v1/messages", "{\"channel\":\"sms\",\"to\":\"+14155550165\",\"body\":\"fixture\","
        + "\"join_conversation\":false}").json().get("id").asText();
    String contact = server.post("/v1/contacts", "{\"name\":\"Fixture\",\"phone\":\"+14155550166\",\"metadata\":{\"k\":\"v\"}}")
        .json().get("id").asText();
    String conversation = server.post("/v1/conversations", "{\"contact_id\":\"" + contact + "\",\"context\":{\"k\":\"v\"}}")
        .json().get("id").asText();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.status(message).equals("delivered"));
    List<RouteFuzz.Case> cases = new RouteFuzz(SEED, new RouteFuzz.Targets(message, contact, conversation),
        new RouteFuzz.Limits(MAX_REQUEST_BYTES, MAX_OBJECT_BYTES, MAX_OBJECT_DEPTH)).cases();
    System.out.printf("BadInputTest fuzz: seed %d (-Dherald.fuzz.seed=N for another), %d cases%n", SEED, cases.size());
    // Each case is held to the state before it, so that one failure does not fail every case after it.
    AtomicReference<List<JsonNode>> state = new AtomicReference<>(state(message, contact, conversation));
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      String what = c.method() + " " + abbreviate(c.path()) + " (" + c.name() + ", seed " + SEED + ")";
      TestServer.RawResponse r = server.exchange(c.method(), c.path(), c.body(), c.headers().toArray(String[]::new));
      assertThat(r.status()).as("%s → %s", what, r.text()).isLessThan(500);
      if (c.expect() == RouteFuzz.Expect.REFUSED) {
        assertThat(r.status()).as("%s → %s", what, r.text()).isBetween(400, 499);
      }
      if (r.status() >= 400) {
        JsonNode problem = RouteFuzz.assertProblem(r, what);
        if (c.field() != null) {
          assertThat(RouteFuzz.names(problem, c.field())).as("%s → %s names %s", what, r.text(), c.field()).isTrue();
        }
      }
      List<JsonNode> after = state(message, contact, conversation);
      assertThat(after).as("state after %s", what).isEqualTo(state.getAndSet(after));
    }));
  }

  /** What bad input must leave alone: how many messages, contacts and conversations, and the fixtures. */
  private static List<JsonNode> state(String message, String contact, String conversation) {
    return List.of(server.get("/v1/messages?limit=500").json().get("data"), server.get("/v1/contacts?limit=500").json().get("data"),
        server.get("/v1/conversations?limit=500").json().get("data"), server.get("/v1/messages/" + message).json(),
        server.get("/v1/contacts/" + contact + "/consent").json());
  }

  private static String abbreviate(String path) {
    return path.length() > 80 ? path.substring(0, 80) + "…" : path;
  }

  private static int count(String resource) {
    return server.get("/v1/" + resource + "?limit=500").json().get("data").size();
  }
}
