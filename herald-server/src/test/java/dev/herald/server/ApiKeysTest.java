package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.server.api.ApiKeys;
import dev.herald.store.jdbc.JdbcMessageStore;
import dev.herald.store.jdbc.StoreSettings;
import dev.herald.testkit.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * API keys across restarts, on both stores: the configured key replaces the one configured before
 * and the one generated at the first start; keys stored otherwise stay.
 */
class ApiKeysTest {
  static final String FIRST = "hk_first_configured_key_0001";
  static final String SECOND = "hk_second_configured_key_002";
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;
  StoreSettings settings;
  JdbcMessageStore store;
  ApiKeys keys;

  private void on(String database) {
    settings = database.equals("postgresql") ? new StoreSettings(TestDatabases.freshPostgresSchemaUrl(), null, null, null, 4)
        : new StoreSettings(null, null, null, dir, 4);
  }

  /** Starts Herald's store (stopping the one running) with {@code configuredKey} as {@code api_key}. */
  private ApiKeys.StartUp start(String configuredKey) {
    stop();
    store = JdbcMessageStore.open(settings);
    keys = new ApiKeys(store);
    return keys.startUp(configuredKey, NOW);
  }

  @AfterEach
  void stop() {
    if (store != null) {
      store.close();
      store = null;
    }
  }

  private Optional<String> tenantOf(String key) {
    return keys.tenantOf(key);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void changingTheConfiguredKeyRevokesTheOneItReplacedAndNoKeyAddedOtherwise(String database) {
    on(database);
    start(FIRST);
    keys.add("acme", "hk_added_by_the_application_01", NOW);
    assertThat(tenantOf(FIRST)).contains("default");

    ApiKeys.StartUp changed = start(SECOND);
    assertThat(changed.revoked()).containsExactly("hk_firs");
    assertThat(tenantOf(FIRST)).isEmpty();
    assertThat(tenantOf(SECOND)).contains("default");
    assertThat(tenantOf("hk_added_by_the_application_01")).contains("acme");

    assertThat(start(SECOND)).isEqualTo(new ApiKeys.StartUp(null, java.util.List.of()));
    assertThat(start(null)).as("no key configured: the last configured one stays, none is generated")
        .isEqualTo(new ApiKeys.StartUp(null, java.util.List.of()));
    assertThat(tenantOf(SECOND)).contains("default");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void theKeyGeneratedAtTheFirstStartLastsUntilAKeyIsConfigured(String database) {
    on(database);
    String generated = start(null).generated();
    assertThat(generated).startsWith("hk_").hasSize(35);
    assertThat(start(null).generated()).as("generated once").isNull();
    assertThat(tenantOf(generated)).contains("default");

    assertThat(start(FIRST).revoked()).containsExactly(generated.substring(0, 7));
    assertThat(tenantOf(generated)).isEmpty();
    assertThat(tenantOf(FIRST)).contains("default");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aKeyStoredBeforeOriginsWereRecordedIsReplacedByTheConfiguredKey(String database) throws Exception {
    on(database);
    start(FIRST);
    stop();
    String url = settings.url() != null ? settings.url() : "jdbc:sqlite:" + dir.resolve("herald.db");
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO api_keys (key_hash, tenant_id, key_prefix, created_at) VALUES ('"
          + ApiKeys.hash("hk_configured_by_an_older_version") + "', 'default', 'hk_conf', 0)");
    }
    assertThat(start(FIRST).revoked()).containsExactly("hk_conf");
    assertThat(tenantOf("hk_configured_by_an_older_version")).isEmpty();
    assertThat(tenantOf(FIRST)).contains("default");
  }
}
