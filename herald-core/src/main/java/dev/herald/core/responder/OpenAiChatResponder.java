package dev.herald.core.responder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.message.Direction;
import dev.herald.core.message.Message;
import dev.herald.core.responder.ResponderResult.Failure;
import dev.herald.core.responder.ResponderResult.NoReply;
import dev.herald.core.responder.ResponderResult.Reply;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;

/**
 * A {@link Responder} backed by any server speaking the OpenAI chat-completions API
 * ({@code POST {base}/chat/completions} with {@code model} and {@code messages}; the answer is
 * {@code choices[0].message.content}). The prompt is the system instructions, then the
 * conversation context as JSON, then the thread: the contact's messages as {@code user}, Herald's
 * as {@code assistant}, each prefixed with its channel.
 */
public final class OpenAiChatResponder implements Responder {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ERROR_TEXT = 300;

  private final ResponderSettings settings;
  private final HttpClient http;
  private final URI endpoint;

  public OpenAiChatResponder(ResponderSettings settings) {
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    String base = settings.baseUrl().toString();
    this.endpoint = URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
  }

  @Override
  public String name() {
    return "openai:" + settings.model();
  }

  @Override
  public ResponderResult respond(ResponderRequest request) {
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(settings.timeout())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body(request).toString()));
    if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
      b.header("Authorization", "Bearer " + settings.apiKey());
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        return new Failure("responder_http_" + r.statusCode(), endpoint + " answered " + r.statusCode() + ": " + shorten(r.body()));
      }
      JsonNode content = JSON.readTree(r.body()).path("choices").path(0).path("message").path("content");
      if (!content.isTextual()) {
        return new Failure("responder_bad_answer", "no choices[0].message.content in " + shorten(r.body()));
      }
      return content.asText().isBlank() ? new NoReply() : new Reply(content.asText().strip());
    } catch (HttpTimeoutException e) {
      return new Failure("responder_timeout", endpoint + " did not answer within " + settings.timeout());
    } catch (IOException e) {
      return new Failure("responder_unreachable", endpoint + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Failure("responder_interrupted", "node shutting down");
    }
  }

  private ObjectNode body(ResponderRequest request) {
    ObjectNode body = JSON.createObjectNode().put("model", settings.model());
    ArrayNode messages = body.putArray("messages");
    messages.addObject().put("role", "system").put("content", settings.systemPrompt());
    messages.addObject().put("role", "system").put("content", "Conversation context (JSON): " + request.conversation().context());
    for (Message m : request.thread()) {
      messages.addObject().put("role", m.direction() == Direction.INBOUND ? "user" : "assistant")
          .put("content", "[" + m.channel().wireName() + "] " + (m.content().text() == null ? "" : m.content().text()));
    }
    return body;
  }

  private static String shorten(String text) {
    String t = text == null ? "" : text.strip();
    return t.length() <= MAX_ERROR_TEXT ? t : t.substring(0, MAX_ERROR_TEXT) + "…";
  }
}
