package dev.herald.server;

import dev.herald.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL database of one test's own, whose outage the test causes: new connections refused
 * ({@code ALLOW_CONNECTIONS false}) and the open ones terminated. Only this database is hit; the
 * shared {@code herald_test} that other tests use meanwhile is not. Dropped on close.
 */
final class OutageDatabase implements AutoCloseable {
  private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]*)(.*)");

  private final String name = "herald_outage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final Connection admin;

  OutageDatabase() throws SQLException {
    admin = DriverManager.getConnection(TestDatabases.postgresUrl());
    exec("CREATE DATABASE " + name);
  }

  /** The JDBC URL of this database, with the credentials of the shared one. */
  String url() {
    Matcher m = URL.matcher(TestDatabases.postgresUrl());
    if (!m.matches()) {
      throw new IllegalStateException("not a PostgreSQL JDBC URL: " + TestDatabases.postgresUrl());
    }
    return m.group(1) + name + m.group(3);
  }

  /** Refuses new connections, then terminates every open one. */
  void refuseConnections() throws SQLException {
    exec("ALTER DATABASE " + name + " ALLOW_CONNECTIONS false");
    exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
  }

  void allowConnections() throws SQLException {
    exec("ALTER DATABASE " + name + " ALLOW_CONNECTIONS true");
  }

  private void exec(String sql) throws SQLException {
    try (Statement s = admin.createStatement()) {
      s.execute(sql);
    }
  }

  @Override
  public void close() throws SQLException {
    try {
      exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } finally {
      admin.close();
    }
  }
}
