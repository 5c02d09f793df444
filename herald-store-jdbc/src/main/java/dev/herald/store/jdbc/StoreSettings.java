package dev.herald.store.jdbc;

import dev.herald.core.error.ConfigurationException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how to store.
 *
 * @param url {@code jdbc:sqlite:…} or {@code jdbc:postgresql://…}; {@code null} means SQLite at
 *     {@code dataDir/herald.db}. A PostgreSQL URL may name a schema with {@code currentSchema=…}.
 * @param poolSize PostgreSQL connections (SQLite always has one writer connection)
 * @param timeout the longest a caller waits for the database (a connection, or its turn in a group
 *     commit) before it is told the database is unavailable
 */
public record StoreSettings(String url, String user, String password, Path dataDir, int poolSize, Duration timeout) {
  /** The default {@link #timeout}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  public StoreSettings {
    if (url != null && !url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
      throw new ConfigurationException("database_url", "'" + url + "' must start with jdbc:sqlite: or jdbc:postgresql:");
    }
    if (poolSize < 2) {
      throw new ConfigurationException("database_pool_size", "must be at least 2, was " + poolSize);
    }
    // HikariCP refuses to wait less than 250 ms for a connection.
    if (timeout.toMillis() < 250) {
      throw new ConfigurationException("database_timeout", "must be at least 250ms, was " + timeout.toMillis() + "ms");
    }
  }

  /** Settings waiting {@link #DEFAULT_TIMEOUT} for the database. */
  public StoreSettings(String url, String user, String password, Path dataDir, int poolSize) {
    this(url, user, password, dataDir, poolSize, DEFAULT_TIMEOUT);
  }

  /** The JDBC URL in force. */
  public String effectiveUrl() {
    return url != null ? url : "jdbc:sqlite:" + dataDir.resolve("herald.db").toAbsolutePath();
  }

  Dialect dialect() {
    return effectiveUrl().startsWith("jdbc:postgresql:") ? Dialect.POSTGRESQL : Dialect.SQLITE;
  }
}
