package dev.herald.provider.twilio;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Twilio's published OpenAPI contract (../shared/contracts/twilio_api_v2010.json, OpenAPI 3.0.1),
 * checked with swagger-request-validator: method, path and path parameters, the HTTP Basic
 * security scheme, content type and the form body. It also serves the spec's own response examples.
 *
 * <p>The validator turns a form body into JSON by guessing each value's type, so an E.164 number
 * such as {@code +14155552345} becomes an integer and fails the string schema of {@code To}. Its
 * body type errors are therefore ignored, and the body is validated a second time by
 * {@link FormBodyAsJson}, which types each value from the operation's own schema.
 */
final class TwilioApiContract {
  static final Path SPEC = Path.of(System.getProperty("user.dir")).getParent().getParent()
      .resolve("shared/contracts/twilio_api_v2010.json");
  static final String MESSAGES = "/2010-04-01/Accounts/{AccountSid}/Messages.json";
  static final String CALLS = "/2010-04-01/Accounts/{AccountSid}/Calls.json";
  static final String FORM = "application/x-www-form-urlencoded";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ReentrantLock LOCK = new ReentrantLock();
  private static Loaded loaded;

  private record Loaded(OpenAPI api, OpenApiInteractionValidator validator, SchemaValidator schemas, JsonNode raw) {}

  private TwilioApiContract() {}

  /** Validates a recorded request to the operation {@code POST specPath}. */
  static ValidationReport validate(String specPath, LoggedRequest recorded) {
    SimpleRequest.Builder request = new SimpleRequest.Builder(recorded.getMethod().getName(), recorded.getUrl());
    for (HttpHeader h : recorded.getHeaders().all()) {
      request.withHeader(h.key(), h.values());
    }
    return validate(specPath, request.withBody(recorded.getBodyAsString()).build());
  }

  static ValidationReport validate(String specPath, SimpleRequest request) {
    Loaded l = loaded();
    Schema<?> schema = l.api().getPaths().get(specPath).getPost().getRequestBody().getContent().get(FORM).getSchema();
    String body = request.getRequestBody().map(b -> {
      try {
        return b.toString(java.nio.charset.StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).orElse("");
    return l.validator().validateRequest(request)
        .merge(l.schemas().validate(() -> FormBodyAsJson.convert(body, schema), schema, "request.body"));
  }

  /** The report's errors and warnings (ignored messages left out), for assertions and failure output. */
  static java.util.List<String> problems(ValidationReport report) {
    return report.getMessages().stream()
        .filter(m -> m.getLevel() == ValidationReport.Level.ERROR || m.getLevel() == ValidationReport.Level.WARN)
        .map(ValidationReport.Message::toString)
        .toList();
  }

  /** Validates a canned JSON answer to {@code POST specPath}. */
  static ValidationReport validateResponse(String specPath, int status, String json) {
    return loaded().validator().validateResponse(specPath.replace("{AccountSid}", TwilioFixtures.ACCOUNT_SID),
        Request.Method.POST, SimpleResponse.Builder.status(status).withContentType("application/json").withBody(json).build());
  }

  /** A copy of the spec's {@code create} example of the 201 answer to {@code POST specPath}. */
  static ObjectNode createdExample(String specPath) {
    JsonNode example = loaded().raw().path("paths").path(specPath).path("post").path("responses").path("201")
        .path("content").path("application/json").path("examples").path("create").path("value");
    if (!example.isObject()) {
      throw new IllegalStateException("no create example for " + specPath + " in " + SPEC);
    }
    return ((ObjectNode) example).deepCopy();
  }

  private static Loaded loaded() {
    LOCK.lock();
    try {
      if (loaded == null) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        OpenAPI api = new OpenAPIV3Parser().read(SPEC.toUri().toString(), null, options);
        LevelResolver levels = LevelResolver.create()
            .withLevel("validation.request.body.schema.type", ValidationReport.Level.IGNORE).build();
        loaded = new Loaded(api, OpenApiInteractionValidator.createFor(api).withLevelResolver(levels).build(),
            new SchemaValidator(api, new MessageResolver()), JSON.readTree(Files.readString(SPEC)));
      }
      return loaded;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      LOCK.unlock();
    }
  }
}
