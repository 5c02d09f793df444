package dev.herald.testkit;

import java.util.UUID;

/**
 * Where tests find PostgreSQL: {@code HERALD_TEST_PG_URL} or
 * {@code jdbc:postgresql://127.0.0.1:5432/herald_test?user=postgres} (created by {@code .ci/run}).
 * Each call names a new schema, so tests never see each other's rows or notifications.
 */
public final class TestDatabases {
  private TestDatabases() {}

  public static String postgresUrl() {
    String url = System.getenv("HERALD_TEST_PG_URL");
    return url != null ? url : "jdbc:postgresql://127.0.0.1:5432/herald_test?user=postgres";
  }

  /** The PostgreSQL URL with a {@code currentSchema} no test used before. */
  public static String freshPostgresSchemaUrl() {
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    return postgresUrl() + (postgresUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }
}
