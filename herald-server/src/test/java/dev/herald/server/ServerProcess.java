package dev.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Herald server in its own JVM ({@code herald serve}), so a test can kill it with SIGKILL the way
 * a crash or an OOM-killer would, and start another on the same database.
 */
final class ServerProcess implements AutoCloseable {
  static final String API_KEY = "hk_process_test_key_42";
  private final Process process;
  final int port;
  final Path log;
  private final HttpClient http = HttpClient.newHttpClient();

  ServerProcess(Path workDir, String name, Map<String, String> env) throws IOException {
    this.port = freePort();
    this.log = workDir.resolve(name + ".log");
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), "dev.herald.server.Main", "serve"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> e = new HashMap<>(env);
    e.put("HERALD_PORT", String.valueOf(port));
    e.put("HERALD_API_KEY", API_KEY);
    e.putIfAbsent("HERALD_DATA_DIR", workDir.resolve("data").toString());
    e.putIfAbsent("HERALD_POLL_INTERVAL", "100ms");
    pb.environment().putAll(e);
    pb.directory(workDir.toFile());
    process = pb.start();
    awaitHealthy();
  }

  private void awaitHealthy() throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("server exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        if (request("GET", "/health", null).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      sleep(100);
    }
    throw new IOException("server did not become healthy:\n" + Files.readString(log));
  }

  HttpResponse<String> request(String method, String path, String body) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + API_KEY);
    b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
        : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  JsonNode json(String method, String path, String body) throws IOException {
    HttpResponse<String> r = request(method, path, body);
    if (r.statusCode() >= 300) {
      throw new IOException(method + " " + path + " → " + r.statusCode() + ": " + r.body());
    }
    return TestServer.JSON.readTree(r.body());
  }

  /** Accepts {@code count} SMS messages through the batch API; returns their ids. */
  List<String> sendBatches(int count, int perBatch) throws IOException {
    List<String> ids = new ArrayList<>(count);
    for (int sent = 0; sent < count; sent += perBatch) {
      StringBuilder b = new StringBuilder("{\"messages\":[");
      for (int i = 0; i < Math.min(perBatch, count - sent); i++) {
        b.append(i == 0 ? "" : ",").append("{\"channel\":\"sms\",\"to\":\"+1415555").append(String.format("%04d", (sent + i) % 10_000))
            .append("\",\"body\":\"message ").append(sent + i).append("\"}");
      }
      b.append("]}");
      json("POST", "/v1/messages/batch", b.toString()).get("data").forEach(m -> ids.add(m.get("id").asText()));
    }
    return ids;
  }

  /** Status → count over every message of the tenant. */
  Map<String, Integer> statusCounts() throws IOException {
    Map<String, Integer> counts = new HashMap<>();
    String cursor = null;
    do {
      JsonNode page = json("GET", "/v1/messages?limit=500" + (cursor == null ? "" : "&cursor=" + cursor), null);
      page.get("data").forEach(m -> counts.merge(m.get("status").asText(), 1, Integer::sum));
      cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
    } while (cursor != null);
    return counts;
  }

  /** The simulator's summary: sends, distinct messages, messages sent more than once. */
  JsonNode simulatorSummary() throws IOException {
    return json("GET", "/v1/simulator/sends?limit=1", null).get("summary");
  }

  /** Kills the process with SIGKILL: no shutdown hook runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      process.waitFor();
    }
    http.close();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
