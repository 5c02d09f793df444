package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What the database fault tests share: accepting SMS, reading back outcomes, checking a 503. */
final class Faults {
  private Faults() {}

  static String sms(String to) {
    return "{\"channel\":\"sms\",\"to\":\"" + to + "\",\"body\":\"fault test\"}";
  }

  /** Accepts {@code n} SMS in batches of at most 100; returns their ids. */
  static List<String> acceptSms(TestServer server, int n) {
    List<String> ids = new ArrayList<>();
    while (ids.size() < n) {
      int size = Math.min(100, n - ids.size());
      StringBuilder body = new StringBuilder("{\"messages\":[");
      for (int i = 0; i < size; i++) {
        body.append(i == 0 ? "" : ",").append(sms("+1415555" + String.format("%04d", ids.size() + i)));
      }
      TestServer.Response r = server.post("/v1/messages/batch", body.append("]}").toString());
      assertThat(r.status()).as(r.text()).isEqualTo(202);
      r.json().get("data").forEach(m -> ids.add(m.get("id").asText()));
    }
    return ids;
  }

  /** Sends the simulator recorded so far. */
  static long sends(TestServer server) {
    return server.get("/v1/simulator/sends?limit=1").json().get("summary").get("sends").asLong();
  }

  /** How many of {@code ids} are delivered. */
  static int delivered(TestServer server, List<String> ids) {
    Set<String> wanted = new HashSet<>(ids);
    int n = 0;
    for (JsonNode m : all(server, "status=delivered&")) {
      n += wanted.contains(m.get("id").asText()) ? 1 : 0;
    }
    return n;
  }

  /** The ids of every message stored. */
  static List<String> allIds(TestServer server) {
    List<String> out = new ArrayList<>();
    all(server, "").forEach(m -> out.add(m.get("id").asText()));
    return out;
  }

  private static List<JsonNode> all(TestServer server, String filter) {
    List<JsonNode> out = new ArrayList<>();
    String cursor = null;
    do {
      TestServer.Response r = server.get("/v1/messages?" + filter + "limit=500" + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      JsonNode page = r.json();
      page.get("data").forEach(out::add);
      cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
    } while (cursor != null);
    return out;
  }

  /** A 503 problem document of type {@code code}, with a positive {@code Retry-After} in seconds. */
  static void assertUnavailable(TestServer.Response r, String code) {
    assertThat(r.status()).as(r.text()).isEqualTo(503);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("type").asText()).endsWith("/" + code);
    assertThat(r.json().get("status").asInt()).isEqualTo(503);
    assertThat(r.raw().headers().firstValue("Retry-After")).as("Retry-After").hasValueSatisfying(
        v -> assertThat(Integer.parseInt(v)).isPositive());
  }

  static long millisSince(long nanoTime) {
    return (System.nanoTime() - nanoTime) / 1_000_000;
  }

  static long max(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).max().orElse(0);
  }

  static long median(List<Long> values) {
    return values.isEmpty() ? 0 : values.stream().sorted().toList().get(values.size() / 2);
  }
}
