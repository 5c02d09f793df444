package dev.herald.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A plain Server-Sent Events reader over {@code java.net.http}: frames are collected as they come. */
final class SseClient implements AutoCloseable {
  /** One received event. */
  record Frame(String id, String event, String data) {}

  final List<Frame> frames = new CopyOnWriteArrayList<>();
  final HttpResponse<InputStream> response;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Thread reader;

  SseClient(String url, Map<String, String> headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    headers.forEach(b::header);
    response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    reader = Thread.ofVirtual().start(this::read);
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String id = null;
      String event = null;
      StringBuilder data = new StringBuilder();
      for (String line; (line = in.readLine()) != null; ) {
        if (line.isEmpty()) {
          if (event != null || !data.isEmpty()) {
            frames.add(new Frame(id, event, data.toString()));
          }
          id = null;
          event = null;
          data.setLength(0);
        } else if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(data.isEmpty() ? "" : "\n").append(line.substring(6));
        }
      }
    } catch (IOException e) {
      // closed by the test: the dropped connection
    }
  }

  /** The frames of one event type. */
  List<Frame> of(String event) {
    return frames.stream().filter(f -> event.equals(f.event())).toList();
  }

  /** Drops the connection, as a network failure would. */
  @Override
  public void close() throws IOException {
    response.body().close();
    reader.interrupt();
    http.shutdownNow();
  }
}
