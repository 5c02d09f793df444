package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testkit.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /health}, {@code /health/live} and {@code /health/ready}: anonymous callers learn the
 * status only; the node, the database and the providers' circuits are shown to a valid API key.
 */
class HealthTest {
  @TempDir Path dir;
  TestServer server;

  private void start(String database) {
    server = new TestServer(dir, TestServer.on(database, Map.of()), Clock.systemUTC(), List.of());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static List<String> fields(JsonNode body) {
    List<String> names = new java.util.ArrayList<>();
    body.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void healthShowsTheNodeTheDatabaseAndEachCircuitOnlyToAValidKey(String database) {
    start(database);
    TestServer.Response anonymous = server.getWithoutKey("/health");
    assertThat(anonymous.status()).isEqualTo(200);
    assertThat(fields(anonymous.json())).containsExactly("status");
    assertThat(anonymous.json().get("status").asText()).isEqualTo("ok");
    TestServer.Response keyed = server.get("/health");
    assertThat(keyed.status()).isEqualTo(200);
    JsonNode body = keyed.json();
    assertThat(fields(body)).contains("status", "node", "database", "time", "providers");
    assertThat(body.get("node").asText()).startsWith("node-");
    assertThat(body.get("database").asText()).isEqualTo("up");
    assertThat(body.at("/providers/simulator/circuit").asText()).isEqualTo("closed");
  }

  @Test
  void healthWithAnInvalidKeyIsRefused() {
    start("sqlite");
    TestServer.Response r = server.getWithoutKey("/health", "Authorization", "Bearer hk_not_a_key_of_this_server");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.text()).doesNotContain("node-", "simulator");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void liveAndReadyAnswerAnonymousCallersWithTheStatusOnly(String database) {
    start(database);
    for (String path : List.of("/health/live", "/health/ready")) {
      TestServer.Response r = server.getWithoutKey(path);
      assertThat(r.status()).as(path).isEqualTo(200);
      assertThat(r.contentType()).as(path).startsWith("application/json");
      assertThat(fields(r.json())).as(path).containsExactly("status");
      assertThat(r.json().get("status").asText()).as(path).isEqualTo("ok");
    }
    assertThat(fields(server.get("/health/ready").json())).as("a key shows no more").containsExactly("status");
  }

  @Test
  void readyIsUnavailableWhileTheDatabaseDoesNotAnswerAndLiveStaysOk() throws Exception {
    String url = TestDatabases.freshPostgresSchemaUrl();
    server = new TestServer(dir, Map.of("database_url", url), Clock.systemUTC(), List.of());
    String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
    try (Connection c = DriverManager.getConnection(TestDatabases.postgresUrl()); Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA " + schema + " CASCADE");
    }
    TestServer.Response ready = server.getWithoutKey("/health/ready");
    assertThat(ready.status()).isEqualTo(503);
    assertThat(fields(ready.json())).containsExactly("status");
    assertThat(ready.json().get("status").asText()).isEqualTo("unavailable");
    assertThat(server.getWithoutKey("/health/live").status()).isEqualTo(200);
  }
}
