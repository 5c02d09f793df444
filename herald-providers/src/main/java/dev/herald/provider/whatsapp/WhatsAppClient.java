package dev.herald.provider.whatsapp;

import dev.herald.provider.http.ProviderCall;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The Cloud API wire client: one {@code POST /{version}/{phone-number-id}/messages} per send over
 * {@code java.net.http}, with the configured connect and request timeouts.
 */
final class WhatsAppClient implements AutoCloseable {
  /** Matches the contract's {@code User-Agent} pattern {@code product/x.y.z}. */

  /** The answer as received: status, body and the {@code Retry-After} header if any. */
  record Response(int status, String body, String retryAfter) {
    boolean isSuccess() {
      return status >= 200 && status < 300;
    }
  }

  private final WhatsAppSettings settings;
  private final HttpClient http;

  WhatsAppClient(WhatsAppSettings settings) {
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
  }

  /**
   * Posts one message body.
   *
   * @throws java.net.http.HttpTimeoutException when connecting or answering takes longer than the timeout
   * @throws IOException when the connection fails
   */
  Response postMessage(String json) throws IOException, InterruptedException {
    HttpRequest request = ProviderCall.bearerJsonPost(settings.messagesUri(), settings.timeout(), settings.accessToken(), json)
        .header("Accept", "application/json")
        .build();
    HttpResponse<String> response =
        http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Response(response.statusCode(), response.body(),
        response.headers().firstValue("Retry-After").orElse(null));
  }

  @Override
  public void close() {
    http.close();
  }
}
