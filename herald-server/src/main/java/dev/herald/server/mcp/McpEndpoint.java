package dev.herald.server.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.conversation.ConversationService;
import dev.herald.core.error.HeraldException;
import dev.herald.core.json.JsonLimits;
import dev.herald.core.message.MessageService;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import jakarta.servlet.http.HttpServlet;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The MCP server at {@value #PATH}: lists Herald's tools and runs them for the tenant of the API
 * key in the request's {@code Authorization} header ({@link McpAuthFilter} refuses requests without
 * a valid key before they reach the SDK).
 */
public final class McpEndpoint implements AutoCloseable {
  public static final String PATH = "/mcp";
  static final String TENANT = "tenant";

  /** The tenant owning an API key, if any. */
  @FunctionalInterface
  public interface KeyCheck {
    Optional<String> tenantOf(String apiKey);
  }

  private interface Tool {
    JsonNode run(String tenant, Map<String, Object> arguments);
  }

  private final HttpServletStatelessServerTransport transport;
  private final McpStatelessSyncServer server;
  private final KeyCheck keys;

  /**
   * @param requests the mapper request bodies are read with: the SDK parses calls with it, under the
   *     same stream limits as every other route
   * @param objects the limits on a context patch
   */
  public McpEndpoint(MessageService messages, ConversationService conversations, KeyCheck keys, String version,
      ObjectMapper requests, JsonLimits objects) {
    this.keys = keys;
    McpTools tools = new McpTools(messages, conversations, objects);
    JacksonMcpJsonMapper mapper = new JacksonMcpJsonMapper(requests);
    this.transport = HttpServletStatelessServerTransport.builder().jsonMapper(mapper).messageEndpoint(PATH)
        .contextExtractor(req -> McpTransportContext.create(Map.of(TENANT, String.valueOf(req.getAttribute(TENANT)))))
        .build();
    this.server = McpServer.sync(transport).jsonMapper(mapper).serverInfo("herald", version)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .tools(McpToolSchemas.all().stream().map(t -> spec(t, handler(tools, t.name()))).toList())
        .build();
  }

  /** The servlet to mount at {@value #PATH}. */
  public HttpServlet servlet() {
    return transport;
  }

  /** The filter to mount in front of it. */
  public McpAuthFilter authFilter() {
    return new McpAuthFilter(keys);
  }

  private static Tool handler(McpTools t, String name) {
    return switch (name) {
      case McpToolSchemas.SEND -> t::sendMessage;
      case McpToolSchemas.SEND_MULTI -> t::sendMultichannel;
      case McpToolSchemas.STATUS -> t::messageStatus;
      case McpToolSchemas.OPEN -> t::openConversation;
      case McpToolSchemas.SET_STATUS -> t::setConversationStatus;
      case McpToolSchemas.MERGE -> t::mergeContext;
      case McpToolSchemas.READ -> t::readContext;
      default -> throw new IllegalArgumentException("no handler for tool " + name);
    };
  }

  private static SyncToolSpecification spec(McpSchema.Tool tool, Tool handler) {
    Function<McpSchema.CallToolRequest, Map<String, Object>> args = r -> r.arguments() == null ? Map.of() : r.arguments();
    return new SyncToolSpecification(tool, (context, request) -> {
      String tenant = (String) context.get(TENANT);
      try {
        JsonNode result = handler.run(tenant, args.apply(request));
        return CallToolResult.builder().addTextContent(result.toString())
            .structuredContent(McpTools.JSON.convertValue(result, Object.class)).isError(false).build();
      } catch (HeraldException e) {
        return CallToolResult.builder().addTextContent(e.code() + ": " + e.getMessage()).isError(true).build();
      }
    });
  }

  @Override
  public void close() {
    server.close();
  }
}
