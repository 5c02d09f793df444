package dev.herald.store.jdbc;

import dev.herald.core.error.ConfigurationException;
import java.nio.file.Path;

/**
 * Where and how to store.
 *
 * @param url {@code jdbc:sqlite:…} or {@code jdbc:postgresql://…}; {@code null} means SQLite at
 *     {@code dataDir/herald.db}. A PostgreSQL URL may name a schema with {@code currentSchema=…}.
 * @param poolSize PostgreSQL connections (SQLite always has one writer connection)
 */
public record StoreSettings(String url, String user, String password, Path dataDir, int poolSize) {
  public StoreSettings {
    if (url != null && !url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
      throw new ConfigurationException("database_url", "'" + url + "' must start with jdbc:sqlite: or jdbc:postgresql:");
    }
    if (poolSize < 2) {
      throw new ConfigurationException("database_pool_size", "must be at least 2, was " + poolSize);
    }
  }

  /** The JDBC URL in force. */
  public String effectiveUrl() {
    return url != null ? url : "jdbc:sqlite:" + dataDir.resolve("herald.db").toAbsolutePath();
  }

  Dialect dialect() {
    return effectiveUrl().startsWith("jdbc:postgresql:") ? Dialect.POSTGRESQL : Dialect.SQLITE;
  }
}
