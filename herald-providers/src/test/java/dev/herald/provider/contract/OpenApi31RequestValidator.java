package dev.herald.provider.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.OpenApi31;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Checks a recorded HTTP request against one operation of an OpenAPI 3.1 document: the path matches
 * a path template and the method an operation; required header and path parameters are present and
 * match their schemas; one of the operation's security requirements is met; the body's media type
 * is declared and the body validates against its schema.
 *
 * <p>Why not {@code swagger-request-validator}: it reads OpenAPI 3.1 documents but skips their
 * schemas (3.1 schemas are JSON Schema 2020-12), so it passes any body, even
 * {@code {"personalizations":"bad"}}. Schemas here are checked with networknt's
 * {@code json-schema-validator} in its OpenAPI 3.1 dialect (JSON Schema 2020-12).
 *
 * <p>One reading is applied to the loaded copy (the file is never changed): a schema of the form
 * {@code allOf: [{$ref: Base}, {additionalProperties: false, properties: {...}}]} is read as the
 * author meant it, an object closed over the properties of all its parts, i.e. the
 * {@code additionalProperties: false} moves up as {@code unevaluatedProperties: false} (the 2020-12
 * keyword for exactly this). Read literally, 2020-12 would reject every property of {@code Base}, and
 * every one of Meta's own text and media message examples in the WhatsApp v23.0 contract would fail.
 */
public final class OpenApi31RequestValidator {
  private static final String BASE = "https://contracts.herald.invalid/openapi.json";

  private final JsonNode doc;
  private final SchemaRegistry registry;

  private OpenApi31RequestValidator(JsonNode doc) {
    this.doc = doc;
    String json = doc.toString();
    this.registry = SchemaRegistry.withDefaultDialect(OpenApi31.getInstance(), b -> b.schemas(Map.of(BASE, json)));
  }

  /** The contract file {@code name} in {@code shared/contracts}, beside the repository. */
  public static Path contract(String name) {
    return Path.of(System.getProperty("user.dir")).getParent().getParent().resolve("shared/contracts").resolve(name);
  }

  /** Loads a JSON or YAML OpenAPI 3.1 document. */
  public static OpenApi31RequestValidator load(Path file) {
    try {
      ObjectMapper mapper = file.toString().endsWith(".json") ? new ObjectMapper() : new YAMLMapper();
      JsonNode doc = mapper.readTree(file.toFile());
      closeAllOfObjects(doc);
      return new OpenApi31RequestValidator(doc);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read contract " + file, e);
    }
  }

  /** Problems found in a request WireMock recorded; empty when it conforms. */
  public List<String> validate(LoggedRequest request) {
    return validate(request.getMethod().getName(), request.getUrl(), request::getHeader, request.getBodyAsString());
  }

  /**
   * Problems found in one request; empty when it conforms.
   *
   * @param pathAndQuery the request target, e.g. {@code /v23.0/123/messages}
   * @param header a header's value by name, {@code null} when absent
   */
  public List<String> validate(String method, String pathAndQuery, Function<String, String> header, String body) {
    String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
    String template = matchTemplate(path);
    if (template == null) {
      return List.of("no path template matches " + path);
    }
    String itemPointer = "/paths/" + escape(template);
    String opPointer = itemPointer + "/" + method.toLowerCase(Locale.ROOT);
    if (!doc.at(opPointer).isObject()) {
      return List.of("no " + method + " operation at " + template);
    }
    List<String> problems = new ArrayList<>();
    checkParameters(itemPointer, template, path, header, problems);
    checkParameters(opPointer, template, path, header, problems);
    checkSecurity(doc.at(opPointer).has("security") ? doc.at(opPointer + "/security") : doc.path("security"), header, problems);
    checkBody(opPointer + "/requestBody", header.apply("Content-Type"), body, problems);
    return problems;
  }

  private String matchTemplate(String path) {
    String[] actual = path.split("/", -1);
    String best = null;
    int bestLiterals = -1;
    for (var it = doc.path("paths").fieldNames(); it.hasNext(); ) {
      String template = it.next();
      String[] parts = template.split("/", -1);
      if (parts.length != actual.length) {
        continue;
      }
      int literals = 0;
      boolean matches = true;
      for (int i = 0; i < parts.length && matches; i++) {
        boolean variable = parts[i].startsWith("{") && parts[i].endsWith("}");
        matches = variable ? !actual[i].isEmpty() : parts[i].equals(actual[i]);
        literals += variable ? 0 : 1;
      }
      if (matches && literals > bestLiterals) {
        best = template;
        bestLiterals = literals;
      }
    }
    return best;
  }

  private void checkParameters(String owner, String template, String path, Function<String, String> header, List<String> problems) {
    JsonNode list = doc.at(owner + "/parameters");
    for (int i = 0; i < list.size(); i++) {
      String pointer = deref(owner + "/parameters/" + i);
      JsonNode p = doc.at(pointer);
      String name = p.path("name").asText();
      String value = switch (p.path("in").asText()) {
        case "header" -> header.apply(name);
        case "path" -> pathValue(template, path, name);
        default -> null;
      };
      if (value == null) {
        if (p.path("required").asBoolean(false) && List.of("header", "path").contains(p.path("in").asText())) {
          problems.add("required " + p.path("in").asText() + " parameter " + name + " is missing");
        }
        continue;
      }
      if (p.has("schema")) {
        schema(pointer + "/schema").validate(new TextNode(value))
            .forEach(e -> problems.add(p.path("in").asText() + " " + name + ": " + describe(e)));
      }
    }
  }

  private static String pathValue(String template, String path, String name) {
    String[] parts = template.split("/", -1);
    String[] actual = path.split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].equals("{" + name + "}")) {
        return actual[i];
      }
    }
    return null;
  }

  private void checkSecurity(JsonNode requirements, Function<String, String> header, List<String> problems) {
    if (!requirements.isArray() || requirements.isEmpty()) {
      return;
    }
    for (JsonNode requirement : requirements) {
      boolean all = true;
      for (var it = requirement.fieldNames(); it.hasNext(); ) {
        all &= satisfies(doc.path("components").path("securitySchemes").path(it.next()), header);
      }
      if (all) {
        return;
      }
    }
    problems.add("no security requirement is met: " + requirements);
  }

  private static boolean satisfies(JsonNode scheme, Function<String, String> header) {
    String authorization = header.apply("Authorization");
    return switch (scheme.path("type").asText()) {
      case "http" -> authorization != null
          && authorization.regionMatches(true, 0, scheme.path("scheme").asText() + " ", 0, scheme.path("scheme").asText().length() + 1)
          && authorization.length() > scheme.path("scheme").asText().length() + 1;
      case "apiKey" -> "header".equals(scheme.path("in").asText()) && header.apply(scheme.path("name").asText()) != null;
      default -> false;
    };
  }

  private void checkBody(String requestBodyPointer, String contentType, String body, List<String> problems) {
    if (doc.at(requestBodyPointer).isMissingNode()) {
      return;
    }
    String pointer = deref(requestBodyPointer);
    boolean empty = body == null || body.isEmpty();
    if (empty) {
      if (doc.at(pointer).path("required").asBoolean(false)) {
        problems.add("the request body is required");
      }
      return;
    }
    String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    String schemaPointer = pointer + "/content/" + escape(mediaType) + "/schema";
    if (doc.at(schemaPointer).isMissingNode()) {
      problems.add("media type '" + mediaType + "' is not declared for this body");
      return;
    }
    try {
      JsonNode instance = new ObjectMapper().readTree(body);
      schema(schemaPointer).validate(instance).forEach(e -> problems.add("body: " + describe(e)));
    } catch (IOException e) {
      problems.add("body is not JSON: " + e.getMessage());
    }
  }

  private Schema schema(String pointer) {
    return registry.getSchema(SchemaLocation.of(BASE + "#" + pointer));
  }

  /** Follows local {@code $ref}s from {@code pointer} to the object they name. */
  private String deref(String pointer) {
    String current = pointer;
    for (int hops = 0; hops < 10 && doc.at(current).has("$ref"); hops++) {
      String ref = doc.at(current).get("$ref").asText();
      if (!ref.startsWith("#/")) {
        throw new IllegalStateException("only local references are supported: " + ref);
      }
      current = ref.substring(1);
    }
    return current;
  }

  private static String describe(com.networknt.schema.Error e) {
    String where = e.getInstanceLocation().toString();
    String args = e.getArguments() == null ? "" : " " + java.util.Arrays.toString(e.getArguments());
    return (where.isEmpty() ? "$" : where) + " " + e.getKeyword() + ": " + e.getMessage() + args;
  }

  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  /** See the class comment: {@code allOf} parts' {@code additionalProperties: false} closes the whole. */
  static void closeAllOfObjects(JsonNode node) {
    if (node instanceof ObjectNode object && object.get("allOf") instanceof ArrayNode parts) {
      boolean closed = false;
      for (JsonNode part : parts) {
        if (part instanceof ObjectNode p && p.path("additionalProperties").isBoolean()
            && !p.get("additionalProperties").asBoolean()) {
          p.remove("additionalProperties");
          closed = true;
        }
      }
      if (closed) {
        object.put("unevaluatedProperties", false);
      }
    }
    node.forEach(OpenApi31RequestValidator::closeAllOfObjects);
  }
}
