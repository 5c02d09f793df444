package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.server.api.HttpApi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Bad requests for every operation of {@code /openapi.json}, generated from its paths, parameters
 * and request body schemas with a seeded {@link Random}: malformed, oversized and deeply nested
 * bodies, values of the wrong type, dates past year 9999, text that is not Unicode, bodies not
 * declared as JSON, path and query tricks. Each case says whether it must be refused with a 4xx
 * and, where it can, which field the problem document must name.
 */
final class RouteFuzz {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Stands for a lone surrogate in a body built as a tree, and is swapped for one in its text. */
  private static final String SURROGATE_MARK = "@@lone-surrogate@@";
  private static final String FAKE_ID = "0190d5a0-0000-7000-8000-000000000000";
  private static final String MESSAGE = "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"fuzz\",\"join_conversation\":false}";
  private static final Pattern STACK_FRAME = Pattern.compile("\\bat [\\w.$]+\\([\\w$]*\\.java:\\d+\\)");

  /** What a case may answer. */
  enum Expect {
    /** A 4xx problem document. */
    REFUSED,
    /** Anything below 500 (routes that ignore the bad part, or answer a tool error in a 200). */
    NO_SERVER_ERROR
  }

  /** One request; {@code field}, when set, must be named by the problem (or start one of its names). */
  record Case(String name, String method, String path, byte[] body, List<String> headers, Expect expect, String field) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Real resources to send bodies to, so that each body reaches its validation. */
  record Targets(String messageId, String contactId, String conversationId) {}

  /** The server's limits, which the cases are sized against. */
  record Limits(int maxRequestBytes, int maxObjectBytes, int maxObjectDepth) {}

  private final JsonNode spec;
  private final Random random;
  private final Targets targets;
  private final Limits limits;
  private final List<Case> cases = new ArrayList<>();

  RouteFuzz(long seed, Targets targets, Limits limits) {
    this.spec = spec();
    this.random = new Random(seed);
    this.targets = targets;
    this.limits = limits;
  }

  static JsonNode spec() {
    try (InputStream in = HttpApi.class.getResourceAsStream("/openapi.json")) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A valid body for each operation that takes one; the cases spoil one part of it at a time. */
  private Map<String, String> validBodies() {
    return Map.ofEntries(
        Map.entry("POST /v1/messages", MESSAGE),
        Map.entry("POST /v1/messages/batch", "{\"messages\":[" + MESSAGE + "]}"),
        Map.entry("POST /v1/messages/{id}/retry", "{\"body\":\"again\"}"),
        Map.entry("POST /v1/contacts", "{\"name\":\"Fuzz\",\"phone\":\"+14155550191\"}"),
        Map.entry("PATCH /v1/contacts/{id}", "{\"name\":\"Fuzzed\"}"),
        Map.entry("POST /v1/contacts/{id}/consent", "{\"channel\":\"sms\",\"state\":\"opted_out\",\"detail\":\"fuzz\"}"),
        Map.entry("POST /v1/conversations", "{\"contact_id\":\"" + targets.contactId() + "\",\"context\":{\"k\":\"v\"}}"),
        Map.entry("POST /v1/conversations/{id}/status", "{\"status\":\"follow_up\"}"),
        Map.entry("PATCH /v1/conversations/{id}/context", "{\"k\":\"v\"}"),
        Map.entry("POST /v1/conversations/{id}/participants", "{\"participant\":\"agent-7\"}"),
        Map.entry("POST /mcp", mcpCall("send_message", "{\"channel\":\"sms\",\"to\":\"+14155550100\",\"body\":\"fuzz\"}")));
  }

  private static String mcpCall(String tool, String arguments) {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":"
        + arguments + "}}";
  }

  /** Every case, in a fixed order for the seed. */
  List<Case> cases() {
    Map<String, String> bodies = validBodies();
    spec.get("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(m -> {
      String method = m.getKey().toUpperCase(Locale.ROOT);
      String route = method + " " + p.getKey();
      JsonNode op = m.getValue();
      JsonNode schema = op.at("/requestBody/content/application~1json/schema");
      boolean takesBody = !schema.isMissingNode();
      String base = bodies.get(route);
      if (takesBody) {
        assertThat(base).as("a valid body for %s, which takes one", route).isNotNull();
      } else {
        assertThat(base).as("%s takes no body in the spec", route).isNull();
      }
      // Bodies go to real resources so they reach their validation; bodiless calls go to none.
      String path = fill(p.getKey(), takesBody);
      pathTricks(route, method, p.getKey(), base);
      queryTricks(route, method, path, op);
      headerTricks(route, method, path, op, base);
      genericBodies(route, method, path, takesBody);
      if (takesBody) {
        contentTypes(route, method, path, base);
        if (p.getKey().equals("/mcp")) {
          mcpArguments(route, path, base);
        } else {
          mutations(route, method, path, resolve(schema), (ObjectNode) tree(base), List.of(), "");
        }
      }
    }));
    return cases;
  }

  private String fill(String template, boolean real) {
    String id = switch (template.split("/").length > 2 ? template.split("/")[2] : "") {
      case "messages" -> real ? targets.messageId() : FAKE_ID;
      case "contacts" -> real ? targets.contactId() : FAKE_ID;
      case "conversations" -> real ? targets.conversationId() : FAKE_ID;
      default -> FAKE_ID;
    };
    return template.replace("{id}", id).replace("{participant}", "nobody").replace("{provider}", "twilio")
        .replace("{path}", "status").replace("{token}", "abc.def");
  }

  private void add(String route, String what, String method, String path, byte[] body, Expect expect, String field,
      String... headers) {
    cases.add(new Case(route + " · " + what, method, path, body, List.of(headers), expect, field));
  }

  private void addJson(String route, String what, String method, String path, byte[] body, Expect expect, String field) {
    add(route, what, method, path, body, expect, field, "Content-Type", "application/json");
  }

  // ---- paths ----

  /** Path segments that are not UTF-8 must be refused; the others must not break anything. */
  private static final List<String> BAD_SEGMENTS = List.of("%FF", "%C0%AF", "%ED%A0%80", "%E2%82", "%FF%FE");
  private static final List<String> ODD_SEGMENTS = List.of("%00", "%2e%2e", "..", "a%2Fb", "%25", "%20", ";x", "%5C",
      "~", "%F0%9F%98%80", "x".repeat(3_000), "%2e", "%2F%2F", "*");
  private static final List<String> OTHER_METHODS = List.of("PUT", "PATCH", "DELETE", "OPTIONS", "GET", "POST");

  private void pathTricks(String route, String method, String template, String base) {
    byte[] body = base == null ? null : bytes(base);
    List<String> segments = new ArrayList<>(List.of(pick(BAD_SEGMENTS)));
    segments.addAll(pick(ODD_SEGMENTS, 3));
    for (String segment : segments) {
      String path = template.contains("{") ? template.replaceAll("\\{[^}]+}", segment) : template + "/" + segment;
      Expect expect = BAD_SEGMENTS.contains(segment) ? Expect.REFUSED : Expect.NO_SERVER_ERROR;
      String shown = segment.length() > 20 ? segment.substring(0, 20) + "…" : segment;
      addJson(route, "path " + shown, method, path, body, expect, null);
      if (expect == Expect.REFUSED) {
        addJson(route, "path " + shown + " with another method", pick(OTHER_METHODS), path, body, expect, null);
      }
    }
    if (random.nextInt(4) == 0) {
      addJson(route, "URI of 10,000 characters", method, fill(template, false) + "/" + "u".repeat(10_000), body,
          Expect.REFUSED, null);
    }
  }

  // ---- query and headers ----

  private static final List<String> DATES = List.of("+999999999-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z",
      "+10000-01-01T00:00:00Z", "-0001-12-31T00:00:00Z", "2026-02-30T00:00:00Z", "2026-01-01T25:00:00Z",
      "2026-01-01T00:00:00", "1e9", "+275760-09-13T00:00:00Z");
  private static final List<String> BAD_INTEGERS = List.of("0", "-1", "abc", "1.5", "99999999999999999999", "", "1e3",
      "%FF", "0x10");
  private static final List<String> ODD_TEXT = List.of("%FF", "%ED%A0%80", "%00", "%C0%AF", "x".repeat(3_000),
      "%2B999999999", "%E2%82", "%25%25", "'%20OR%201=1");

  private void queryTricks(String route, String method, String path, JsonNode op) {
    for (JsonNode param : op.path("parameters")) {
      if (!param.path("in").asText().equals("query")) {
        continue;
      }
      String name = param.get("name").asText();
      JsonNode schema = param.path("schema");
      if (schema.path("format").asText().equals("date-time")) {
        pick(DATES, 2).forEach(v -> add(route, name + "=" + v, method, path + "?" + name + "=" + encode(v), null,
            Expect.REFUSED, name));
      } else if (schema.path("type").asText().equals("integer")) {
        pick(BAD_INTEGERS, 2).forEach(v -> add(route, name + "=" + v, method,
            path + "?" + name + "=" + (v.startsWith("%") ? v : encode(v)), null, Expect.REFUSED, name));
      } else {
        pick(ODD_TEXT, 2).forEach(v -> add(route, name + "=" + abbreviate(v), method, path + "?" + name + "=" + v, null,
            Expect.NO_SERVER_ERROR, null));
      }
    }
    add(route, "query name that is not UTF-8", method, path + "?%FF=1", null, Expect.NO_SERVER_ERROR, null);
  }

  private void headerTricks(String route, String method, String path, JsonNode op, String base) {
    byte[] body = base == null ? null : bytes(base);
    for (JsonNode param : op.path("parameters")) {
      if (param.path("in").asText().equals("header")) {
        String name = param.get("name").asText();
        add(route, name + " of 256 characters", method, path, body, Expect.REFUSED, name, name, "k".repeat(256),
            "Content-Type", "application/json");
      }
    }
    if (random.nextInt(4) == 0) {
      add(route, "header of 20,000 characters", method, path, body, Expect.REFUSED, null, "X-Fuzz", "h".repeat(20_000),
          "Content-Type", "application/json");
    }
  }

  // ---- bodies ----

  /** Bodies no route may take, whatever it expects. */
  private List<Map.Entry<String, byte[]>> genericBodyPool() {
    return List.of(
        Map.entry("malformed JSON", bytes("{\"a\":")),
        Map.entry("an array", bytes("[1,2]")),
        Map.entry("a string", bytes("\"text\"")),
        Map.entry("a number", bytes("42")),
        Map.entry("null", bytes("null")),
        Map.entry("data after the object", bytes("{\"a\":1} x")),
        Map.entry("two objects", bytes("{\"a\":1}{\"b\":2}")),
        Map.entry("a stray bracket after the object", bytes("{\"a\":1}]")),
        Map.entry("1,200 levels of arrays", bytes("{\"a\":" + "[".repeat(1_200) + "]".repeat(1_200) + "}")),
        Map.entry("1,200 levels of objects", bytes("{\"a\":".repeat(1_200) + "1" + "}".repeat(1_200))),
        Map.entry("a number of 1,200 digits", bytes("{\"n\":" + "7".repeat(1_200) + "}")),
        Map.entry("a fraction of 1,200 digits", bytes("{\"n\":0." + "3".repeat(1_200) + "e999999}")),
        Map.entry("a name of 50,001 characters", bytes("{\"" + "n".repeat(50_001) + "\":1}")),
        Map.entry("byte 0xFF", concat(bytes("{\"a\":\""), new byte[] {(byte) 0xFF}, bytes("\"}"))),
        Map.entry("overlong UTF-8", concat(bytes("{\"a\":\""), new byte[] {(byte) 0xC0, (byte) 0xAF}, bytes("\"}"))),
        Map.entry("a surrogate in UTF-8", concat(bytes("{\"a\":\""), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            bytes("\"}"))),
        Map.entry("truncated UTF-8", concat(bytes("{\"a\":\""), new byte[] {(byte) 0xE2, (byte) 0x82}, bytes("\"}"))),
        Map.entry("a lone surrogate escape", bytes("{\"a\":\"\\ud800\"}")),
        Map.entry("a lone surrogate in a name", bytes("{\"\\udc00\":1}")),
        Map.entry("UTF-16", "{\"a\":1}".getBytes(StandardCharsets.UTF_16)),
        Map.entry("a comment", bytes("{/* c */\"a\":1}")),
        Map.entry("single quotes", bytes("{'a':1}")),
        Map.entry("NaN", bytes("{\"a\":NaN}")),
        Map.entry("a control character in a string", bytes("{\"a\":\"x\u0001y\"}")));
  }

  private void genericBodies(String route, String method, String path, boolean takesBody) {
    Expect expect = takesBody ? Expect.REFUSED : Expect.NO_SERVER_ERROR;
    List<Map.Entry<String, byte[]>> pool = genericBodyPool();
    List<Map.Entry<String, byte[]>> chosen = new ArrayList<>(pick(pool, takesBody ? 8 : 3));
    chosen.add(pool.get(0));
    chosen.forEach(b -> addJson(route, "body: " + b.getKey(), method, path, b.getValue(), expect, null));
    if (takesBody) {
      // Only where a body is read: a route that ignores one may close the connection before taking it all.
      addJson(route, "body over max_request_bytes", method, path,
          bytes("{\"a\":\"" + "b".repeat(limits.maxRequestBytes()) + "\"}"), Expect.REFUSED, null);
      if (!route.endsWith("/retry")) {
        addJson(route, "empty body", method, path, new byte[0], Expect.REFUSED, null);
      }
    }
  }

  private void contentTypes(String route, String method, String path, String base) {
    List<String> types = List.of("text/plain", "application/x-www-form-urlencoded", "application/xml",
        "application/json; charset=iso-8859-1", "multipart/form-data; boundary=x", "application/jsonx");
    for (String type : pick(types, 2)) {
      add(route, "Content-Type " + type, method, path, bytes(base), Expect.REFUSED, null, "Content-Type", type);
    }
    add(route, "no Content-Type", method, path, bytes(base), Expect.REFUSED, null);
  }

  // ---- values of the wrong kind, field by field ----

  private static final Map<String, List<String>> WRONG_TYPES = Map.of(
      "string", List.of("42", "true", "[]", "{\"a\":1}", "[\"text\"]", "-0.5"),
      "boolean", List.of("\"yes\"", "1", "[]", "{}", "\"true\""),
      "object", List.of("\"text\"", "[1]", "7", "true", "[]"),
      "array", List.of("{}", "\"text\"", "3", "false"),
      "integer", List.of("\"1\"", "1.5", "true", "{}"));
  private static final List<String> LONE_SURROGATES = List.of("\\ud800", "a\\udc00b", "\\udbff", "\\udfff\\ud800");

  /**
   * Spoils each property of {@code schema} in turn inside {@code base}, at {@code at} (a path of
   * member names and array indexes), expecting the problem to name {@code prefix} + the property.
   */
  private void mutations(String route, String method, String path, JsonNode schema, ObjectNode base, List<String> at,
      String prefix) {
    JsonNode properties = schema.path("properties");
    if (properties.isEmpty()) {
      objectValues(route, method, path, base, at, prefix, null);
      return;
    }
    properties.fields().forEachRemaining(prop -> {
      String name = prop.getKey();
      JsonNode propSchema = resolve(prop.getValue());
      String type = propSchema.path("type").asText();
      String field = prefix + name;
      pick(WRONG_TYPES.getOrDefault(type, List.of()), 2).forEach(v ->
          addJson(route, field + " = " + v, method, path, bytes(with(base, at, name, v)), Expect.REFUSED, field));
      if (type.equals("string")) {
        String s = pick(LONE_SURROGATES);
        addJson(route, field + " with a lone surrogate " + s, method, path,
            bytes(with(base, at, name, "\"" + SURROGATE_MARK + "\"").replace(SURROGATE_MARK, s)), Expect.REFUSED, field);
      }
      if (propSchema.path("format").asText().equals("date-time")) {
        pick(DATES, 3).forEach(d -> addJson(route, field + " = " + d, method, path,
            bytes(with(base, at, name, "\"" + d + "\"")), Expect.REFUSED, field));
      }
      if (type.equals("object")) {
        List<String> inside = new ArrayList<>(at);
        inside.add(name);
        objectValues(route, method, path, base, inside, field + "/", field);
      }
      if (type.equals("array") && propSchema.path("items").has("$ref")) {
        if (base.at(pointer(at) + "/" + name + "/0").isObject()) {
          List<String> first = new ArrayList<>(at);
          first.add(name);
          first.add("0");
          mutations(route, method, path, resolve(propSchema.get("items")), base, first, field + "/0/");
        }
      }
    });
  }

  /** Objects too deep, too large, or holding what the parser refuses, at {@code at}. */
  private void objectValues(String route, String method, String path, ObjectNode base, List<String> at, String inner,
      String field) {
    String target = at.isEmpty() ? "the body" : String.join("/", at);
    String deep = "{\"d\":".repeat(limits.maxObjectDepth() + 1) + "1" + "}".repeat(limits.maxObjectDepth() + 1);
    String large = "{\"big\":\"" + "x".repeat(limits.maxObjectBytes()) + "\"}";
    List<Map.Entry<String, String>> values = List.of(
        Map.entry("nested " + (limits.maxObjectDepth() + 1) + " levels deep", deep),
        Map.entry("over max_object_bytes", large),
        Map.entry("holding a number of 1,000 digits", "{\"n\":" + "9".repeat(1_000) + "}"),
        Map.entry("holding a name of 50,000 characters", "{\"" + "n".repeat(50_000) + "\":1}"),
        Map.entry("holding a lone surrogate", "{\"s\":\"" + SURROGATE_MARK + "\"}"));
    for (Map.Entry<String, String> v : pick(values, 3)) {
      String text;
      if (at.isEmpty()) {
        ObjectNode merged = base.deepCopy();
        merged.setAll((ObjectNode) tree(v.getValue().replace(SURROGATE_MARK, "placeholder")));
        text = v.getValue().contains(SURROGATE_MARK) ? v.getValue().replace(SURROGATE_MARK, "\\ud800") : merged.toString();
      } else {
        List<String> parent = at.subList(0, at.size() - 1);
        text = with(base, parent, at.get(at.size() - 1), v.getValue()).replace(SURROGATE_MARK, "\\ud800");
      }
      addJson(route, target + " " + v.getKey(), method, path, bytes(text), Expect.REFUSED, field);
    }
  }

  /** MCP tool calls with arguments of the wrong kind: tool errors or problems, never a send. */
  private void mcpArguments(String route, String path, String base) {
    ObjectNode call = (ObjectNode) tree(base);
    List<String> args = List.of("params", "arguments");
    for (String name : List.of("channel", "to", "body")) {
      pick(WRONG_TYPES.get("string"), 2).forEach(v -> addJson(route, "send_message " + name + " = " + v, "POST", path,
          bytes(with(call, args, name, v)), Expect.NO_SERVER_ERROR, null));
      addJson(route, "send_message " + name + " with a lone surrogate", "POST", path,
          bytes(with(call, args, name, "\"" + SURROGATE_MARK + "\"").replace(SURROGATE_MARK, "\\ud800")), Expect.REFUSED,
          null);
    }
    ObjectNode merge = (ObjectNode) tree(mcpCall("merge_conversation_context",
        "{\"conversation_id\":\"" + targets.conversationId() + "\",\"patch\":{\"k\":\"v\"}}"));
    for (String patch : List.of("\"text\"", "[1]", "{\"big\":\"" + "x".repeat(limits.maxObjectBytes()) + "\"}",
        "{\"d\":".repeat(limits.maxObjectDepth() + 1) + "1" + "}".repeat(limits.maxObjectDepth() + 1))) {
      addJson(route, "merge_conversation_context patch = " + abbreviate(patch), "POST", path,
          bytes(with(merge, args, "patch", patch)), Expect.NO_SERVER_ERROR, null);
    }
  }

  // ---- checks ----

  /**
   * Asserts that {@code r} is an RFC 9457 problem document: {@code application/problem+json} in
   * UTF-8, valid JSON whose {@code status} is the response's, and no stack trace anywhere.
   */
  static JsonNode assertProblem(TestServer.RawResponse r, String what) {
    assertThat(r.contentType()).as("Content-Type of %s", what)
        .matches("(?i)application/problem\\+json; ?charset=utf-8");
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(r.body()));
    } catch (CharacterCodingException e) {
      throw new AssertionError(what + ": the problem document is not UTF-8: " + r.text(), e);
    }
    JsonNode problem;
    try {
      problem = JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError(what + ": the problem document is not JSON: " + r.text(), e);
    }
    assertThat(problem.path("status").asInt()).as("status in the problem of %s: %s", what, r.text()).isEqualTo(r.status());
    assertThat(problem.path("type").asText()).as(what).startsWith("https://herald.dev/problems/");
    assertThat(problem.path("title").asText()).as(what).isNotBlank();
    assertThat(r.text()).as("%s shows no stack trace", what).doesNotContain("stackTrace").doesNotContainPattern(STACK_FRAME);
    return problem;
  }

  /** The fields a problem names. */
  static List<String> fields(JsonNode problem) {
    List<String> out = new ArrayList<>();
    problem.path("errors").forEach(e -> out.add(e.path("field").asText()));
    return out;
  }

  /** True when {@code problem} names {@code field} or a field inside it ({@code metadata/n} is in {@code metadata}). */
  static boolean names(JsonNode problem, String field) {
    return fields(problem).stream().anyMatch(f -> f.equals(field) || f.startsWith(field + "/"));
  }

  // ---- helpers ----

  private JsonNode resolve(JsonNode schema) {
    return schema.has("$ref") ? spec.at(schema.get("$ref").asText().substring(1)) : schema;
  }

  /** The text of {@code base} with member {@code name} of the object at {@code at} set to the JSON {@code value}. */
  private static String with(ObjectNode base, List<String> at, String name, String value) {
    ObjectNode copy = base.deepCopy();
    ObjectNode target = (ObjectNode) copy.at(pointer(at));
    target.put(name, SURROGATE_MARK + "value");
    return copy.toString().replace("\"" + SURROGATE_MARK + "value\"", value);
  }

  private static String pointer(List<String> at) {
    return at.isEmpty() ? "" : "/" + String.join("/", at);
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  private <T> List<T> pick(List<T> from, int n) {
    List<T> pool = new ArrayList<>(from);
    List<T> out = new ArrayList<>();
    for (int i = 0; i < n && !pool.isEmpty(); i++) {
      out.add(pool.remove(random.nextInt(pool.size())));
    }
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static String encode(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }

  private static String abbreviate(String v) {
    return v.length() > 24 ? v.substring(0, 24) + "…(" + v.length() + ")" : v;
  }
}
