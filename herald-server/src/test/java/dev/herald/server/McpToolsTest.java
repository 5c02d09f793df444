package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MCP SDK's own client lists Herald's tools and sends messages and edits conversations through them. */
class McpToolsTest {
  @TempDir Path dir;
  TestServer server;
  McpSyncClient client;

  @BeforeEach
  void start() {
    server = new TestServer(dir);
    client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://localhost:" + server.node.port())
            .endpoint("/mcp")
            .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + TestServer.API_KEY))
            .build())
        .requestTimeout(Duration.ofSeconds(10)).build();
    client.initialize();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> call(String tool, Map<String, Object> args) {
    McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest(tool, args));
    assertThat(r.isError()).as("%s: %s", tool, r.content()).isFalse();
    return (Map<String, Object>) r.structuredContent();
  }

  @Test
  void clientListsTheToolsAndSendsAMessageThroughThem() {
    assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).containsExactlyInAnyOrder("send_message",
        "send_multichannel", "get_message_status", "get_or_create_conversation", "set_conversation_status",
        "merge_conversation_context", "get_conversation_context");

    Map<String, Object> sent = call("send_message", Map.of("channel", "sms", "to", "+14155550140", "body", "Hello from an agent"));
    String id = (String) sent.get("id");
    await().atMost(Duration.ofSeconds(10)).until(() -> server.status(id).equals("delivered"));
    assertThat(call("get_message_status", Map.of("message_id", id)).get("status")).isEqualTo("delivered");
    assertThat(server.get("/v1/messages/" + id).json().at("/metadata/via").asText()).isEqualTo("mcp");
  }

  @Test
  void agentSendsOnSeveralChannelsAndKeepsConversationContext() {
    String contact = server.post("/v1/contacts", "{\"phone\":\"+14155550141\",\"email\":\"lin@example.com\"}")
        .json().get("id").asText();
    Map<String, Object> multi = call("send_multichannel", Map.of("channels", List.of("sms", "email"), "contact_id", contact,
        "body", "Your appointment is tomorrow", "subject", "Reminder"));
    assertThat((List<?>) multi.get("messages")).hasSize(2);
    String conversation = (String) call("get_or_create_conversation", Map.of("contact_id", contact)).get("id");
    call("merge_conversation_context", Map.of("conversation_id", conversation, "patch", Map.of("appointment", "2026-11-22T10:00")));
    assertThat(call("get_conversation_context", Map.of("conversation_id", conversation))).containsEntry("appointment", "2026-11-22T10:00");
    assertThat(call("set_conversation_status", Map.of("conversation_id", conversation, "status", "follow_up")))
        .containsEntry("status", "follow_up");
    assertThat(server.get("/v1/conversations/" + conversation + "/messages").json().get("data")).hasSize(2);
  }

  @Test
  void toolErrorsAreReportedAsToolErrors() {
    McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest("send_message",
        Map.of("channel", "sms", "contact_id", "no-such-contact", "body", "x")));
    assertThat(r.isError()).isTrue();
    assertThat(((McpSchema.TextContent) r.content().get(0)).text()).contains("contact_id").contains("no contact no-such-contact");
  }

  @Test
  void plainJsonRpcCallWithAnApiKeyListsTheTools() {
    TestServer.Response r = server.post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
        "Accept", "application/json, text/event-stream");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.text()).contains("send_message").contains("merge_conversation_context");
  }

  @Test
  void mcpWithoutAnApiKeyIsRefused() {
    TestServer.Response r = server.postWithoutKey("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
        "Content-Type", "application/json", "Accept", "application/json, text/event-stream");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.contentType()).startsWith("application/problem+json");
  }

  @Test
  void patchOverTheObjectLimitIsAToolErrorNamingItAndChangesNothing() {
    String contact = server.post("/v1/contacts", "{\"phone\":\"+14155550143\"}").json().get("id").asText();
    String conversation = (String) call("get_or_create_conversation", Map.of("contact_id", contact)).get("id");
    McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest("merge_conversation_context",
        Map.of("conversation_id", conversation, "patch", Map.of("blob", "z".repeat(70_000)))));
    assertThat(r.isError()).isTrue();
    assertThat(((McpSchema.TextContent) r.content().get(0)).text()).startsWith("too_large: patch:");
    assertThat(call("get_conversation_context", Map.of("conversation_id", conversation))).isEmpty();
  }
}
