package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.server.api.HttpApi;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /openapi.json} documents exactly the routes the server serves, each under an operationId of
 * its own, and swagger-parser finds nothing wrong with it.
 */
class OpenApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** lowerCamelCase, as generated clients name their methods after it. */
  private static final Pattern OPERATION_ID = Pattern.compile("[a-z][A-Za-z0-9]*");

  private static JsonNode spec() throws IOException {
    try (InputStream in = HttpApi.class.getResourceAsStream("/openapi.json")) {
      return JSON.readTree(in);
    }
  }

  /** Calls {@code each} with "METHOD /path" and the operation object, for every operation. */
  private static void forEachOperation(JsonNode spec, BiConsumer<String, JsonNode> each) {
    spec.get("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(m ->
        each.accept(m.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey(), m.getValue())));
  }

  /** What is wrong with the document's operationIds: one line per missing, malformed or repeated id. */
  private static List<String> operationIdProblems(JsonNode spec) {
    List<String> problems = new ArrayList<>();
    Map<String, String> firstUse = new LinkedHashMap<>();
    forEachOperation(spec, (route, op) -> {
      JsonNode id = op.get("operationId");
      if (id == null || !id.isTextual() || id.asText().isBlank()) {
        problems.add(route + " has no operationId");
      } else if (!OPERATION_ID.matcher(id.asText()).matches()) {
        problems.add(route + " has operationId '" + id.asText() + "', not camelCase");
      } else {
        String earlier = firstUse.putIfAbsent(id.asText(), route);
        if (earlier != null) {
          problems.add(route + " repeats operationId '" + id.asText() + "' of " + earlier);
        }
      }
    });
    return problems;
  }

  /** swagger-parser's messages on the document, parsed with validation on (none means valid). */
  private static List<String> lint(String document) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setValidateInternalRefs(true);
    SwaggerParseResult result = new OpenAPIV3Parser().readContents(document, null, options);
    List<String> messages = new ArrayList<>(result.getMessages() == null ? List.of() : result.getMessages());
    if (result.getOpenAPI() == null) {
      messages.add("not parsed as OpenAPI");
    }
    return messages;
  }

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws Exception {
    Set<String> documented = new HashSet<>();
    forEachOperation(spec(), (route, op) -> documented.add(route));
    Set<String> served = new HashSet<>();
    HttpApi.ROUTES.forEach(r -> served.add(r.method().name() + " " + r.path()));
    assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
  }

  @Test
  void everyOperationHasAnOperationIdOfItsOwn() throws Exception {
    assertThat(operationIdProblems(spec())).isEmpty();
  }

  @Test
  void servedDocumentPassesSwaggerParserValidation(@TempDir Path dir) {
    try (TestServer server = new TestServer(dir)) {
      TestServer.Response served = server.getWithoutKey("/openapi.json");
      assertThat(served.status()).isEqualTo(200);
      assertThat(lint(served.text())).isEmpty();
    }
  }

  @Test
  void checksFlagAMissingOrRepeatedOperationId() throws Exception {
    JsonNode spec = spec();
    ((ObjectNode) spec.at("/paths/~1v1~1messages/post")).remove("operationId");
    ((ObjectNode) spec.at("/paths/~1v1~1messages/get")).put("operationId", "getMessage");
    assertThat(operationIdProblems(spec)).contains(
        "POST /v1/messages has no operationId",
        "GET /v1/messages/{id} repeats operationId 'getMessage' of GET /v1/messages");
    assertThat(lint(JSON.writeValueAsString(spec))).anyMatch(m -> m.contains("operationId is repeated"));
  }

  @Test
  void lintFlagsASpecError() throws Exception {
    JsonNode spec = spec();
    ((ObjectNode) spec.at("/paths/~1v1~1contacts/get/parameters/0")).remove("in");
    assertThat(lint(JSON.writeValueAsString(spec)))
        .contains("attribute paths.'/v1/contacts'(get).parameters.[address].in is missing");
  }
}
