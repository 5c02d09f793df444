package dev.herald.server.mcp;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Lets through only MCP requests carrying {@code Authorization: Bearer <api key>} of a tenant, and
 * records that tenant on the request for the tools; others get a 401 RFC 9457 problem.
 */
public final class McpAuthFilter implements Filter {
  private final McpEndpoint.KeyCheck keys;

  McpAuthFilter(McpEndpoint.KeyCheck keys) {
    this.keys = keys;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    String header = req.getHeader("Authorization");
    Optional<String> tenant = header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) ? Optional.empty()
        : keys.tenantOf(header.substring(7).trim());
    if (tenant.isEmpty()) {
      HttpServletResponse res = (HttpServletResponse) response;
      res.setStatus(401);
      res.setHeader("WWW-Authenticate", "Bearer realm=\"herald\"");
      res.setContentType("application/problem+json; charset=utf-8");
      res.getOutputStream().write(("{\"type\":\"https://herald.dev/problems/unauthorized\",\"title\":\"Unauthorized\","
          + "\"status\":401,\"detail\":\"MCP calls need 'Authorization: Bearer <api key>'\",\"instance\":\"/mcp\"}")
          .getBytes(StandardCharsets.UTF_8));
      return;
    }
    req.setAttribute(McpEndpoint.TENANT, tenant.get());
    chain.doFilter(request, response);
  }
}
