package dev.herald.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.error.HeraldException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a servlet's JSON calls (the MCP endpoint's) to the rules of every other route: the body is
 * read by {@link RequestBodies} before the servlet sees it (413, 415, 400, 422 as problem
 * documents), and the servlet's own error answers, which the MCP SDK writes as serialized Java
 * exceptions with their stack traces, are replaced by problem documents carrying their message.
 */
final class JsonBodyFilter implements Filter {
  private static final Logger LOG = LoggerFactory.getLogger(JsonBodyFilter.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RequestBodies bodies;

  JsonBodyFilter(RequestBodies bodies) {
    this.bodies = bodies;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse res = (HttpServletResponse) response;
    ErrorCapture capture = new ErrorCapture(res);
    if (!"POST".equals(req.getMethod())) {
      chain.doFilter(req, capture);
      capture.finish(req);
      return;
    }
    byte[] body;
    try {
      body = bodies.read(req.getInputStream());
      bodies.object(req.getContentType(), body, null);
    } catch (Problems.HttpProblem p) {
      write(res, req, Problems.of(p));
      return;
    } catch (HeraldException e) {
      write(res, req, Problems.of(e));
      return;
    }
    chain.doFilter(new ReadBody(req, body), capture);
    capture.finish(req);
  }

  private static void write(HttpServletResponse res, HttpServletRequest req, Problems.Problem p) throws IOException {
    byte[] json = p.json(req.getRequestURI());
    res.setStatus(p.status());
    res.setContentType(Problems.CONTENT_TYPE);
    res.setContentLength(json.length);
    res.getOutputStream().write(json);
  }

  /** The request with its body already read, served again from memory. */
  private static final class ReadBody extends HttpServletRequestWrapper {
    private final byte[] body;

    ReadBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new IllegalStateException("the body was read already; no asynchronous reads");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
    }
  }

  /**
   * Lets a success through untouched; holds back what the servlet writes after setting an error
   * status, to send it as a problem document instead.
   */
  private static final class ErrorCapture extends HttpServletResponseWrapper {
    private int status = HttpServletResponse.SC_OK;
    private ByteArrayOutputStream held;
    private PrintWriter heldWriter;

    ErrorCapture(HttpServletResponse response) {
      super(response);
    }

    @Override
    public void setStatus(int sc) {
      status = sc;
      super.setStatus(sc);
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      if (status < 400) {
        return super.getWriter();
      }
      hold();
      return heldWriter;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      if (status < 400) {
        return super.getOutputStream();
      }
      hold();
      return new ServletOutputStream() {
        @Override
        public void write(int b) {
          heldWriter.flush();
          held.write(b);
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
          throw new IllegalStateException("error answers are written synchronously");
        }
      };
    }

    private void hold() {
      if (held == null) {
        held = new ByteArrayOutputStream();
        heldWriter = new PrintWriter(new OutputStreamWriter(held, StandardCharsets.UTF_8));
      }
    }

    /** Sends what was held back, if anything, as a problem document. */
    void finish(HttpServletRequest req) throws IOException {
      if (held == null) {
        return;
      }
      heldWriter.flush();
      String reason = HttpStatus.getMessage(status);
      String detail = message(held.toByteArray(), reason);
      if (status >= 500) {
        LOG.error("{} {} answered {}: {}", req.getMethod(), req.getRequestURI(), status, detail);
        detail = "an unexpected error occurred; see the server log";
      }
      write((HttpServletResponse) getResponse(), req, new Problems.Problem(status, "http_" + status, reason, detail,
          List.of()));
    }

    /** The message of the SDK's error (a JSON-RPC error, or an exception), or {@code fallback}. */
    private static String message(byte[] written, String fallback) {
      try {
        JsonNode error = JSON.readTree(written);
        JsonNode message = error.at("/jsonRpcError/message");
        message = message.isTextual() ? message : error.path("message");
        return message.isTextual() && !message.asText().isBlank() ? message.asText() : fallback;
      } catch (IOException | RuntimeException e) {
        return fallback;
      }
    }
  }
}
