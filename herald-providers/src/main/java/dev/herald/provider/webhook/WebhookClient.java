package dev.herald.provider.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The wire client: one signed {@code POST} of a JSON body. Redirects are not followed (the Standard
 * Webhooks specification counts a 3xx as a failure and asks for the URL to be updated instead); the
 * response body is discarded.
 */
final class WebhookClient {
  /** The receiver's answer. */
  record Response(int status, HttpHeaders headers) {}

  private final HttpClient http;
  private final StandardWebhookSignature signature;
  private final WebhookSettings settings;

  WebhookClient(WebhookSettings settings) {
    this.settings = settings;
    this.signature = settings.signature();
    this.http = HttpClient.newBuilder()
        .connectTimeout(settings.timeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * @throws IOException on connection failure or timeout ({@link java.net.http.HttpTimeoutException})
   */
  Response post(URI url, String id, long timestampSeconds, byte[] body) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(url)
        .timeout(settings.timeout())
        .header("Content-Type", "application/json")
        .header("User-Agent", "Herald")
        .header("webhook-id", id)
        .header("webhook-timestamp", String.valueOf(timestampSeconds))
        .header("webhook-signature", signature.sign(id, timestampSeconds, body))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
    return new Response(response.statusCode(), response.headers());
  }

  void close() {
    http.close();
  }
}
