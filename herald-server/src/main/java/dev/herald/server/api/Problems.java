package dev.herald.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.error.ConflictException;
import dev.herald.core.error.HeraldException;
import dev.herald.core.error.NotFoundException;
import dev.herald.core.error.UnavailableException;
import dev.herald.core.error.ValidationException;
import dev.herald.core.message.IdempotencyKeyReusedException;
import io.javalin.http.Context;

/**
 * RFC 9457 problem documents ({@code application/problem+json}): {@code type} is a stable URI per
 * error code, {@code errors} lists offending fields for validation problems.
 */
final class Problems {
  static final String TYPE_BASE = "https://herald.dev/problems/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Problems() {}

  /** An HTTP-level problem raised by the API layer itself (bad JSON, missing key...). */
  static final class HttpProblem extends RuntimeException {
    final int status;
    final String code;

    HttpProblem(int status, String code, String detail) {
      super(detail);
      this.status = status;
      this.code = code;
    }
  }

  static int statusOf(HeraldException e) {
    return switch (e) {
      case ValidationException v -> 422;
      case NotFoundException n -> 404;
      case ConflictException c -> 409;
      case IdempotencyKeyReusedException i -> 422;
      case UnavailableException u -> 503;
      default -> 500;
    };
  }

  static void write(Context ctx, int status, String code, String title, String detail, ValidationException fields) {
    ObjectNode p = JSON.createObjectNode();
    p.put("type", TYPE_BASE + code);
    p.put("title", title);
    p.put("status", status);
    p.put("detail", detail);
    p.put("instance", ctx.path());
    if (fields != null) {
      ArrayNode errors = p.putArray("errors");
      fields.errors().forEach(e -> errors.addObject().put("field", e.field()).put("detail", e.detail()));
    }
    ctx.status(status).contentType("application/problem+json").result(p.toString());
  }

  static void write(Context ctx, HeraldException e) {
    int status = statusOf(e);
    String title = switch (status) {
      case 404 -> "Not found";
      case 409 -> "Conflict";
      case 422 -> e instanceof ValidationException ? "Invalid request" : "Idempotency key reused";
      case 503 -> "Service unavailable";
      default -> "Error";
    };
    write(ctx, status, e.code(), title, e.getMessage(), e instanceof ValidationException v ? v : null);
    if (e instanceof UnavailableException u) {
      // Whole seconds (RFC 9110), rounded up: asking sooner would only be refused again.
      ctx.header("Retry-After", Long.toString((u.retryAfter().toMillis() + 999) / 1_000));
    }
  }

  static void write(Context ctx, HttpProblem p) {
    String title = switch (p.status) {
      case 400 -> "Malformed request";
      case 401 -> "Unauthorized";
      case 413 -> "Payload too large";
      case 415 -> "Unsupported media type";
      default -> "Error";
    };
    write(ctx, p.status, p.code, title, p.getMessage(), null);
    if (p.status == 401) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"herald\"");
    }
  }
}
