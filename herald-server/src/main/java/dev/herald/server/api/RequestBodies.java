package dev.herald.server.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.error.ContentTooLargeException;
import dev.herald.core.error.ValidationException;
import dev.herald.core.json.JsonLimits;
import dev.herald.core.message.Channel;
import dev.herald.server.config.RequestLimits;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Reads request bodies as JSON objects, the same way on every route that takes one: declared as JSON
 * in UTF-8 (415 otherwise), at most {@code max_request_bytes} (413), one JSON value and nothing
 * after it (400), within the parser's limits below (4xx naming where), and Unicode text only (a lone
 * surrogate is refused with 422, not stored as {@code ?}).
 */
final class RequestBodies {
  /** Levels above a limited object in a body: a JSON-RPC call's params and arguments, a batch's array and message. */
  static final int ENVELOPE_DEPTH = 4;
  /** Characters of a number: more than any value Herald keeps, too few to make parsing slow. */
  static final int MAX_NUMBER_LENGTH = 100;
  /** Characters of a member name. */
  static final int MAX_NAME_LENGTH = 1_000;
  /** Characters of a string: the longest body any channel takes. */
  static final int MAX_STRING_LENGTH = Arrays.stream(Channel.values()).mapToInt(Channel::maxBodyLength).max().orElseThrow();
  private static final int MAX_FIELD_NAME = 300;

  private final RequestLimits limits;
  private final ObjectMapper mapper;

  RequestBodies(RequestLimits limits) {
    this.limits = limits;
    StreamReadConstraints constraints = StreamReadConstraints.builder()
        .maxNestingDepth(limits.objects().maxDepth() + ENVELOPE_DEPTH)
        .maxNumberLength(MAX_NUMBER_LENGTH)
        .maxNameLength(MAX_NAME_LENGTH)
        .maxStringLength(MAX_STRING_LENGTH)
        .maxDocumentLength(limits.maxRequestBytes())
        .build();
    this.mapper = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build())
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  }

  /** The limits on each JSON object Herald keeps from a body. */
  JsonLimits objects() {
    return limits.objects();
  }

  /** The mapper bodies are read with, for servlets that parse their own (the MCP SDK). */
  ObjectMapper mapper() {
    return mapper;
  }

  /** The body of {@code ctx} as a JSON object. */
  ObjectNode object(Context ctx) {
    return object(ctx.contentType(), bytes(ctx), null);
  }

  /**
   * The body of {@code ctx} as a JSON object that is itself the caller's {@code field} (a context
   * patch is the {@code context}): what is refused inside it is named {@code field/...}.
   */
  ObjectNode object(Context ctx, String field) {
    return object(ctx.contentType(), bytes(ctx), field);
  }

  /** The body of {@code ctx} as a JSON object, or {@code null} when it is empty or blank. */
  ObjectNode optionalObject(Context ctx) {
    byte[] body = bytes(ctx);
    return new String(body, StandardCharsets.UTF_8).isBlank() ? null : object(ctx.contentType(), body, null);
  }

  /**
   * {@code body}, declared as {@code contentType}, as a JSON object.
   *
   * @param field the caller's name for the whole body, or {@code null}
   * @throws Problems.HttpProblem 400 when it is empty, not JSON or not an object, 415 when it is not
   *     declared as JSON in UTF-8, 413/422 when the parser's limits refuse it without a field to name
   * @throws ValidationException naming where the parser's limits refuse it, or a lone surrogate
   * @throws ContentTooLargeException naming a string longer than any Herald takes
   */
  ObjectNode object(String contentType, byte[] body, String field) {
    if (body.length == 0) {
      throw new Problems.HttpProblem(400, "malformed_json", "the request body is empty; expected a JSON object");
    }
    checkMediaType(contentType);
    JsonNode node = parse(body, field);
    if (node == null || !node.isObject()) {
      throw new Problems.HttpProblem(400, "malformed_json", "the request body must be a JSON object");
    }
    checkUnicode(node, field == null ? "" : field);
    return (ObjectNode) node;
  }

  /**
   * Reads a servlet's body, at most {@code max_request_bytes} of it. A longer one is read that far
   * before it is refused, as Javalin does, so that a client still sending it sees the answer.
   *
   * @throws Problems.HttpProblem 413 when it is longer
   */
  byte[] read(InputStream in) throws IOException {
    byte[] body = in.readNBytes(limits.maxRequestBytes() + 1);
    if (body.length > limits.maxRequestBytes()) {
      throw tooLarge();
    }
    return body;
  }

  private byte[] bytes(Context ctx) {
    try {
      return ctx.bodyAsBytes();
    } catch (HttpResponseException e) {
      throw e.getStatus() == 413 ? tooLarge() : e;
    }
  }

  private Problems.HttpProblem tooLarge() {
    return new Problems.HttpProblem(413, "too_large",
        "the request body is larger than " + limits.maxRequestBytes() + " bytes (max_request_bytes)");
  }

  private static void checkMediaType(String contentType) {
    String[] parts = contentType == null ? new String[] {""} : contentType.split(";");
    String type = parts[0].trim().toLowerCase(Locale.ROOT);
    boolean json = type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json");
    boolean utf8 = true;
    for (int i = 1; i < parts.length; i++) {
      String[] param = parts[i].split("=", 2);
      if (param.length == 2 && param[0].trim().equalsIgnoreCase("charset")) {
        utf8 = param[1].trim().replace("\"", "").equalsIgnoreCase("utf-8");
      }
    }
    if (!json || !utf8) {
      throw new Problems.HttpProblem(415, "unsupported_media_type", "the request body must be JSON in UTF-8, sent with "
          + "'Content-Type: application/json'" + (contentType == null ? "" : ", not '" + contentType + "'"));
    }
  }

  private JsonNode parse(byte[] body, String root) {
    // Parsed from checked text: Jackson's own decoding takes overlong forms ("%C0%AF" as '/') and
    // guesses UTF-16 or UTF-32 from the first bytes.
    try (JsonParser parser = mapper.createParser(utf8(body))) {
      try {
        return mapper.readTree(parser);
      } catch (JsonProcessingException e) {
        throw refusal(e, field(root, parser));
      }
    } catch (IOException e) {
      throw new Problems.HttpProblem(400, "malformed_json", "the request body could not be read");
    }
  }

  /** {@code body} as text. @throws Problems.HttpProblem 400 when it is not well-formed UTF-8 */
  private static String utf8(byte[] body) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    CharBuffer out = CharBuffer.allocate(body.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw new Problems.HttpProblem(400, "malformed_json",
          "the request body is not UTF-8: the bytes at offset " + in.position() + " are not a UTF-8 character");
    }
    return out.flip().toString();
  }

  /** Why the parser stopped, naming {@code field} (where it stopped; null at the top) when it can. */
  private static RuntimeException refusal(JsonProcessingException e, String field) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StreamConstraintsException limit) {
        return limit(limit, field);
      }
    }
    String message = String.valueOf(e.getOriginalMessage());
    if (message.contains("surrogate")) {
      return refused(422, field, "is not valid Unicode text: it holds a lone surrogate");
    }
    // A location is not always known (a limit hit while reading a number); never assume one.
    JsonLocation at = e.getLocation();
    String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    String why = message.startsWith("Trailing token") ? "data follows the JSON value" : message;
    return new Problems.HttpProblem(400, "malformed_json", "the request body is not valid JSON: " + why + where);
  }

  /** One of the parser's limits, as 422 (shape) or 413 (size). */
  private static RuntimeException limit(StreamConstraintsException e, String field) {
    String message = String.valueOf(e.getOriginalMessage());
    if (message.startsWith("Document nesting depth")) {
      return refused(422, field, "nests too deeply for a request body");
    } else if (message.startsWith("Number value length")) {
      return refused(422, field, "is a number longer than " + MAX_NUMBER_LENGTH + " characters");
    } else if (message.startsWith("Name length")) {
      return refused(422, field, "has a member name longer than " + MAX_NAME_LENGTH + " characters");
    } else if (message.startsWith("String value length")) {
      return refused(413, field, "is a string longer than " + MAX_STRING_LENGTH + " characters");
    }
    return refused(413, field, "is larger than a request body may be");
  }

  private static RuntimeException refused(int status, String field, String detail) {
    if (field == null) {
      return new Problems.HttpProblem(status, status == 413 ? "too_large" : "validation", "the request body " + detail);
    }
    return status == 413 ? new ContentTooLargeException(field, detail) : new ValidationException(field, detail);
  }

  /**
   * The path the parser had reached, as the API names fields ({@code messages/0/metadata}), under
   * {@code root}; {@code root} itself (maybe null) at the top.
   */
  private static String field(String root, JsonParser parser) {
    try {
      StringBuilder path = new StringBuilder(root == null ? "" : root);
      for (JsonPointer p = parser.getParsingContext().pathAsPointer(); p != null && !p.matches(); p = p.tail()) {
        path.append(path.isEmpty() ? "" : "/").append(p.getMatchingProperty());
        if (path.length() > MAX_FIELD_NAME) {
          return path.substring(0, MAX_FIELD_NAME) + "…";
        }
      }
      return path.isEmpty() ? null : path.toString();
    } catch (RuntimeException e) {
      return root;
    }
  }

  /**
   * Refuses text holding a lone surrogate, which no UTF-8 document can carry: naming the value, or
   * for a member name, the object holding it.
   */
  private static void checkUnicode(JsonNode node, String path) {
    if (node.isTextual()) {
      if (!Problems.unicode(node.textValue()).equals(node.textValue())) {
        throw refused(422, path.isEmpty() ? null : path, "is not valid Unicode text: it holds a lone surrogate");
      }
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> member = it.next();
        if (!Problems.unicode(member.getKey()).equals(member.getKey())) {
          throw refused(422, path.isEmpty() ? null : path, "has a member name that is not valid Unicode text (a lone surrogate)");
        }
        checkUnicode(member.getValue(), path.isEmpty() ? member.getKey() : path + "/" + member.getKey());
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        checkUnicode(node.get(i), path.isEmpty() ? String.valueOf(i) : path + "/" + i);
      }
    }
  }
}
