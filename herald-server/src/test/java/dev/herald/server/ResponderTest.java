package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAI-compatible responder answers inbound SMS in the same conversation; a local HTTP server
 * stands in for the model endpoint.
 */
class ResponderTest {
  @TempDir Path dir;
  FakeProviders providers;
  HttpServer model;
  TestServer server;
  final List<String> prompts = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    providers = new FakeProviders();
    model = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    model.createContext("/v1/chat/completions", exchange -> {
      prompts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] answer = ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
          + "{\"role\":\"assistant\",\"content\":\"We are open 9 to 5.\"},\"finish_reason\":\"stop\"}]}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    model.start();
    Map<String, String> settings = new java.util.HashMap<>(providers.settings());
    settings.put("responder.base_url", "http://127.0.0.1:" + model.getAddress().getPort() + "/v1");
    settings.put("responder.model", "herald-test-model");
    settings.put("responder.api_key", "sk-test");
    settings.put("responder.timeout", "5s");
    server = new TestServer(dir, settings, Clock.systemUTC(), List.of());
  }

  @AfterEach
  void stop() {
    server.close();
    model.stop(0);
    providers.close();
  }

  private JsonNode threadOf(String phone) {
    String contact = server.get("/v1/contacts?address=" + phone.replace("+", "%2B")).json().at("/data/0/id").asText();
    String conversation = server.get("/v1/conversations?contact_id=" + contact).json().at("/data/0/id").asText();
    return server.get("/v1/conversations/" + conversation + "/messages").json().get("data");
  }

  @Test
  void inboundSmsGetsTheModelsReplyInTheSameConversation() {
    assertThat(FakeProviders.twilioInbound(server, "+14155550130", "When are you open?").status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> threadOf("+14155550130").size() == 2);
    JsonNode thread = threadOf("+14155550130");
    assertThat(thread.get(1).get("direction").asText()).isEqualTo("outbound");
    assertThat(thread.get(1).get("channel").asText()).isEqualTo("sms");
    assertThat(thread.get(1).get("body").asText()).isEqualTo("We are open 9 to 5.");
    assertThat(thread.get(1).get("to").asText()).isEqualTo("+14155550130");
    assertThat(thread.get(1).get("conversation_id").asText()).isEqualTo(thread.get(0).get("conversation_id").asText());
    assertThat(thread.get(1).at("/metadata/in_reply_to").asText()).isEqualTo(thread.get(0).get("id").asText());
    assertThat(prompts).singleElement().asString().contains("herald-test-model").contains("When are you open?");
    await().atMost(Duration.ofSeconds(10)).until(() -> providers.smsBodies().stream().anyMatch(b -> b.contains("We are open 9 to 5.")));
  }

  @Test
  void modelEndpointDownKeepsTheInboundMessageAndShowsTheFailure() {
    model.stop(0);
    assertThat(FakeProviders.twilioInbound(server, "+14155550131", "Is anyone there?").status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> !threadOf("+14155550131").get(0).get("error").isNull());
    JsonNode thread = threadOf("+14155550131");
    assertThat(thread).hasSize(1);
    JsonNode inbound = server.get("/v1/messages/" + thread.get(0).get("id").asText()).json();
    assertThat(inbound.get("body").asText()).isEqualTo("Is anyone there?");
    assertThat(inbound.get("direction").asText()).isEqualTo("inbound");
    assertThat(inbound.at("/error/code").asText()).isEqualTo("responder_unreachable");
    assertThat(inbound.at("/error/reason").asText()).contains("/v1/chat/completions");
  }
}
