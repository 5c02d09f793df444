package dev.herald.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.error.ConflictException;
import dev.herald.core.error.ContentTooLargeException;
import dev.herald.core.error.HeraldException;
import dev.herald.core.error.NotFoundException;
import dev.herald.core.error.UnavailableException;
import dev.herald.core.error.ValidationException;
import dev.herald.core.error.ValidationException.FieldError;
import dev.herald.core.message.IdempotencyKeyReusedException;
import io.javalin.http.Context;
import java.util.List;

/**
 * RFC 9457 problem documents ({@code application/problem+json}, always UTF-8): {@code type} is a
 * stable URI per error code, {@code errors} lists offending fields for validation problems.
 */
final class Problems {
  static final String TYPE_BASE = "https://herald.dev/problems/";
  static final String CONTENT_TYPE = "application/problem+json; charset=utf-8";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Problems() {}

  /** An HTTP-level problem raised by the API layer itself (bad JSON, missing key...). */
  static final class HttpProblem extends RuntimeException {
    final int status;
    final String code;
    final List<FieldError> errors;

    HttpProblem(int status, String code, String detail) {
      this(status, code, detail, List.of());
    }

    /** A problem naming {@code errors}' fields. */
    HttpProblem(int status, String code, String detail, List<FieldError> errors) {
      super(detail);
      this.status = status;
      this.code = code;
      this.errors = List.copyOf(errors);
    }
  }

  static int statusOf(HeraldException e) {
    return switch (e) {
      case ValidationException v -> 422;
      case NotFoundException n -> 404;
      case ConflictException c -> 409;
      case IdempotencyKeyReusedException i -> 422;
      case UnavailableException u -> 503;
      case ContentTooLargeException t -> 413;
      default -> 500;
    };
  }

  /** One problem document before it is written; {@code errors} may be empty. */
  record Problem(int status, String code, String title, String detail, List<FieldError> errors) {
    /** The document as UTF-8 bytes, for the request at {@code instance}. */
    byte[] json(String instance) {
      ObjectNode p = JSON.createObjectNode();
      p.put("type", TYPE_BASE + code);
      p.put("title", title);
      p.put("status", status);
      p.put("detail", unicode(detail));
      p.put("instance", unicode(instance));
      if (!errors.isEmpty()) {
        ArrayNode list = p.putArray("errors");
        errors.forEach(e -> list.addObject().put("field", unicode(e.field())).put("detail", unicode(e.detail())));
      }
      try {
        return JSON.writeValueAsBytes(p);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a problem document could not be written", e);
      }
    }
  }

  /** Herald's exception as a problem. */
  static Problem of(HeraldException e) {
    int status = statusOf(e);
    String title = switch (status) {
      case 404 -> "Not found";
      case 409 -> "Conflict";
      case 413 -> "Content too large";
      case 422 -> e instanceof ValidationException ? "Invalid request" : "Idempotency key reused";
      case 503 -> "Service unavailable";
      default -> "Error";
    };
    List<FieldError> errors = switch (e) {
      case ValidationException v -> v.errors();
      case ContentTooLargeException t -> t.errors();
      default -> List.of();
    };
    return new Problem(status, e.code(), title, e.getMessage(), errors);
  }

  static Problem of(HttpProblem p) {
    return new Problem(p.status, p.code, title(p.status), p.getMessage(), p.errors);
  }

  static void write(Context ctx, int status, String code, String title, String detail, ValidationException fields) {
    write(ctx, new Problem(status, code, title, detail, fields == null ? List.of() : fields.errors()));
  }

  static void write(Context ctx, Problem p) {
    ctx.status(p.status()).contentType(CONTENT_TYPE).result(p.json(ctx.path()));
  }

  static void write(Context ctx, HeraldException e) {
    write(ctx, of(e));
    if (e instanceof UnavailableException u) {
      // Whole seconds (RFC 9110), rounded up: asking sooner would only be refused again.
      ctx.header("Retry-After", Long.toString((u.retryAfter().toMillis() + 999) / 1_000));
    }
  }

  static void write(Context ctx, HttpProblem p) {
    write(ctx, of(p));
    if (p.status == 401) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"herald\"");
    }
  }

  /** {@code text} with every lone surrogate replaced by U+FFFD, so that it can be written as UTF-8. */
  static String unicode(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean paired = Character.isHighSurrogate(c) ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
          : !Character.isLowSurrogate(c) || (i > 0 && Character.isHighSurrogate(text.charAt(i - 1)));
      if (!paired && out == null) {
        out = new StringBuilder(text.substring(0, i));
      }
      if (out != null) {
        out.append(paired ? c : '\uFFFD');
      }
    }
    return out == null ? text : out.toString();
  }

  /** The title of an API-level problem with this status. */
  static String title(int status) {
    return switch (status) {
      case 400 -> "Malformed request";
      case 401 -> "Unauthorized";
      case 413 -> "Content too large";
      case 415 -> "Unsupported media type";
      case 422 -> "Invalid request";
      default -> "Error";
    };
  }
}
