package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.server.config.HeraldConfig;
import dev.herald.server.config.RawConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A real Herald node on a random port for tests, with an HTTP client that speaks to it. */
final class TestServer implements AutoCloseable {
  static final String API_KEY = "hk_test_key_0123456789";
  static final ObjectMapper JSON = new ObjectMapper();

  final HeraldNode node;
  private final HttpClient http = HttpClient.newHttpClient();

  /** A response: status, headers and body parsed as JSON when it is JSON. */
  record Response(int status, String contentType, String text, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return JSON.readTree(text);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + text, e);
      }
    }
  }

  /** A response as sent: the body's bytes undecoded, to check their encoding. */
  record RawResponse(int status, String contentType, byte[] body) {
    String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  TestServer(Path dataDir, Map<String, String> settings, Clock clock, List<ChannelProvider> extraProviders) {
    Map<String, String> values = new HashMap<>(settings);
    values.putIfAbsent("port", "0");
    values.putIfAbsent("data_dir", dataDir.toString());
    values.putIfAbsent("poll_interval", "50ms");
    values.putIfAbsent("simulator.callback_delay", "5ms");
    Set<String> ids = new java.util.HashSet<>(HeraldNode.providerFactories().keySet());
    extraProviders.forEach(p -> ids.add(p.id()));
    HeraldConfig config = HeraldConfig.from(RawConfig.of(values), ids);
    node = new HeraldNode(config, clock, extraProviders);
    node.api().apiKeys().add("default", API_KEY, clock.instant());
    node.start();
  }

  /**
   * {@code settings} on {@code database}: {@code sqlite} (the embedded store in the data directory)
   * or {@code postgresql} (a fresh schema).
   */
  static Map<String, String> on(String database, Map<String, String> settings) {
    Map<String, String> out = new HashMap<>(settings);
    if (database.equals("postgresql")) {
      out.put("database_url", dev.herald.testkit.TestDatabases.freshPostgresSchemaUrl());
    }
    return out;
  }

  TestServer(Path dataDir) {
    this(dataDir, Map.of(), Clock.systemUTC(), List.of());
  }

  String url(String path) {
    return "http://localhost:" + node.port() + path;
  }

  Response post(String path, String body, String... headers) {
    return send(HttpRequest.newBuilder(URI.create(url(path))).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json"), true, headers);
  }

  Response get(String path, String... headers) {
    return send(HttpRequest.newBuilder(URI.create(url(path))).GET(), true, headers);
  }

  /** Any method with a JSON body (or none when {@code body} is null), with the API key. */
  Response call(String method, String path, String body) {
    return send(HttpRequest.newBuilder(URI.create(url(path))).method(method, body == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json"), true);
  }

  /** A GET without the test's API key; {@code headers} may carry another one. */
  Response getWithoutKey(String path, String... headers) {
    return send(HttpRequest.newBuilder(URI.create(url(path))).GET(), false, headers);
  }

  Response postWithoutKey(String path, String body, String... headers) {
    return send(HttpRequest.newBuilder(URI.create(url(path))).POST(HttpRequest.BodyPublishers.ofString(body)), false, headers);
  }

  /**
   * Any method on a raw path (sent as written, escapes and all) with the API key, a body of exact
   * bytes ({@code null} for none) and only the headers given.
   */
  RawResponse exchange(String method, String rawPath, byte[] body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(rawPath))).method(method,
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    b.header("Authorization", "Bearer " + API_KEY);
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new RawResponse(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(method + " " + rawPath + ": " + e, e);
    }
  }

  private Response send(HttpRequest.Builder b, boolean auth, String... headers) {
    if (auth) {
      b.header("Authorization", "Bearer " + API_KEY);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** The current status of a message, read through the API. */
  String status(String id) {
    return get("/v1/messages/" + id).json().get("status").asText();
  }

  @Override
  public void close() {
    node.close();
    http.close();
  }
}
