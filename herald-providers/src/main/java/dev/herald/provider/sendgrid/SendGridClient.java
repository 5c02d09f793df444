package dev.herald.provider.sendgrid;

import dev.herald.provider.http.ProviderCall;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** The Mail Send wire client: one {@code POST /v3/mail/send} per send over {@code java.net.http}. */
final class SendGridClient implements AutoCloseable {

  /**
   * The answer as received.
   *
   * @param messageId the {@code X-Message-Id} header, or {@code null}
   * @param retryAfter the {@code Retry-After} header, or {@code null}
   * @param rateLimitReset the {@code X-RateLimit-Reset} header (Unix seconds), or {@code null}
   */
  record Response(int status, String body, String messageId, String retryAfter, String rateLimitReset) {}

  private final SendGridSettings settings;
  private final HttpClient http;

  SendGridClient(SendGridSettings settings) {
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
  }

  /**
   * @throws java.net.http.HttpTimeoutException when connecting or answering takes longer than the timeout
   * @throws IOException when the connection fails
   */
  Response send(String json) throws IOException, InterruptedException {
    HttpRequest request = ProviderCall.bearerJsonPost(settings.mailSendUri(), settings.timeout(), settings.apiKey(), json).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    HttpHeaders h = response.headers();
    return new Response(response.statusCode(), response.body(), h.firstValue("X-Message-Id").orElse(null),
        h.firstValue("Retry-After").orElse(null), h.firstValue("X-RateLimit-Reset").orElse(null));
  }

  @Override
  public void close() {
    http.close();
  }
}
