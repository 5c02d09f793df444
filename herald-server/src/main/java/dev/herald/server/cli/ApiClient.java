package dev.herald.server.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Connection options shared by the client commands, and one request helper. */
final class ApiClient {
  @Option(names = "--server", description = "Herald base URL (default: $HERALD_URL or http://localhost:8080)")
  String server = System.getenv().getOrDefault("HERALD_URL", "http://localhost:8080");

  @Option(names = "--api-key", description = "API key (default: $HERALD_API_KEY)")
  String apiKey = System.getenv("HERALD_API_KEY");

  /** Sends a request; prints the response body; returns 0 for 2xx, 1 otherwise. */
  int call(String method, String path, String jsonBody) {
    if (apiKey == null || apiKey.isBlank()) {
      System.err.println("herald: no API key; pass --api-key or set HERALD_API_KEY");
      return 2;
    }
    URI uri;
    try {
      uri = URI.create(server.replaceAll("/$", "") + path);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) URL with a host");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("herald: server '" + server + "' is not a URL like http://localhost:8080 (--server or HERALD_URL)");
      return 2;
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + apiKey);
    b = jsonBody == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
        : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      (r.statusCode() < 300 ? System.out : System.err).println(r.body());
      return r.statusCode() < 300 ? 0 : 1;
    } catch (IOException e) {
      // Some connection failures carry no message: name the exception's kind instead.
      String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName().equals("ConnectException")
          ? "connection refused (is Herald running there?)" : e.getClass().getSimpleName();
      System.err.println("herald: cannot reach " + server + ": " + why);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }
}
