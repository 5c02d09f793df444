package dev.herald.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.error.ValidationException;
import io.javalin.http.Context;

/** Small shared pieces of the JSON routes: the caller's tenant, the page size, writing a body. */
final class HttpJson {
  private HttpJson() {}

  static String tenant(Context ctx) {
    return ctx.attribute("tenant");
  }

  /** {@code ?limit=}, 1 to 500, default 50. */
  static int limit(Context ctx) {
    String v = ctx.queryParam("limit");
    if (v == null) {
      return 50;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 1 && n <= 500) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ValidationException("limit", "must be a whole number from 1 to 500");
  }

  static void send(Context ctx, int status, JsonNode body) {
    ctx.status(status).contentType("application/json").result(body.toString());
  }
}
