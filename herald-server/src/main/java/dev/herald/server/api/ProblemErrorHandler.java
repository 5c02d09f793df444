package dev.herald.server.api;

import java.nio.ByteBuffer;
import java.util.List;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error answers of the server under Herald (Jetty): what it refuses before or outside Herald's
 * routes (a path that is not UTF-8, a URI or headers too long, a method a servlet does not take) is
 * a problem document in UTF-8 for every method, as Herald's own errors are: never an HTML page, an
 * empty body or a stack trace.
 */
final class ProblemErrorHandler extends ErrorHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemErrorHandler.class);
  private static final int MAX_INSTANCE = 200;

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    String message = (String) request.getAttribute(ERROR_MESSAGE);
    Throwable cause = (Throwable) request.getAttribute(ERROR_EXCEPTION);
    if (cause instanceof HttpException http) {
      status = http.getCode();
      message = message == null ? http.getReason() : message;
    }
    status = status < 400 ? 500 : status;
    response.setStatus(status);
    // The headers every answer carries (ResponseHeaders), which errors Jetty answers itself skip.
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    if (HttpStatus.hasNoBody(status) || "HEAD".equals(request.getMethod())) {
      callback.succeeded();
      return true;
    }
    String reason = HttpStatus.getMessage(status);
    String detail = message == null || message.isBlank() ? reason : message;
    if (status >= 500) {
      // The cause's text can name internals; it goes to the log, not to the caller.
      LOG.error("the server answered {} to {} {}", status, request.getMethod(), instance(request), cause);
      detail = "an unexpected error occurred; see the server log";
    } else if (status == 405 && message == null) {
      detail = request.getMethod() + " is not allowed on " + instance(request);
    }
    byte[] body = new Problems.Problem(status, "http_" + status, reason, detail, List.of()).json(instance(request));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }

  /** The request's path as sent (still percent-encoded), shortened: it may be what was refused. */
  private static String instance(Request request) {
    try {
      String path = request.getHttpURI().getPath();
      return path == null ? "" : path.length() > MAX_INSTANCE ? path.substring(0, MAX_INSTANCE) + "…" : path;
    } catch (RuntimeException e) {
      return "";
    }
  }
}
