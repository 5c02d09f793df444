package dev.herald.provider.vonage;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The wire client for Vonage's SMS API: {@code POST {base_url}/sms/json} with an
 * {@code application/x-www-form-urlencoded} body (the API takes form or JSON; form keeps the
 * hyphenated names such as {@code client-ref} as documented), answered with JSON.
 */
final class VonageSmsClient {
  /** What Vonage answered: HTTP status, headers, body text. */
  record Response(int status, HttpHeaders headers, String body) {}

  private final HttpClient http;
  private final VonageSettings settings;
  private final URI endpoint;

  VonageSmsClient(VonageSettings settings) {
    this.settings = settings;
    this.endpoint = URI.create(settings.baseUrl() + "/sms/json");
    this.http = HttpClient.newBuilder()
        .connectTimeout(settings.timeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * Posts one SMS submission.
   *
   * @param form parameters in the order they are encoded
   * @throws IOException on connection failure or timeout ({@link java.net.http.HttpTimeoutException})
   */
  Response submit(Map<String, String> form) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(endpoint)
        .timeout(settings.timeout())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .header("User-Agent", "Herald")
        .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Response(response.statusCode(), response.headers(), response.body());
  }

  static String encode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  void close() {
    http.close();
  }
}
