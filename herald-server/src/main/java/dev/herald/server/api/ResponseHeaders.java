package dev.herald.server.api;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Sets {@code X-Content-Type-Options: nosniff} (a browser takes a response for the type it is
 * declared as, never for what its bytes look like) and {@code Cache-Control: no-store} (no cache
 * between the caller and Herald keeps messages, contacts or keys' answers) on every response,
 * Javalin's and the MCP servlet's, before any of them is written.
 */
final class ResponseHeaders implements Filter {
  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletResponse res = (HttpServletResponse) response;
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Cache-Control", "no-store");
    chain.doFilter(request, response);
  }
}
