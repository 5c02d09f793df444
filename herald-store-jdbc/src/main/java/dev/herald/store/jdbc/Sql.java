package dev.herald.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Runs one parameterised statement. Parameters bind by type: instants as epoch milliseconds,
 * booleans as 0/1 integers, {@code null} as an untyped NULL the database infers from the column.
 */
final class Sql {
  /** Maps the current row. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** Most parameters one {@link #queryIn} statement binds (SQLite's historical limit is 999). */
  private static final int MAX_PARAMS = 900;

  private Sql() {}

  static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      return ps.executeUpdate();
    }
  }

  static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
      }
      return out;
    }
  }

  /**
   * The rows of {@code head + " IN (VALUES (?, …), …)" + tail} over {@code tuples}, all of one
   * width: one statement per chunk of at most {@value #MAX_PARAMS} parameters, rows in chunk order.
   */
  static <T> List<T> queryIn(Connection c, String head, List<? extends List<?>> tuples, String tail, RowMapper<T> mapper)
      throws SQLException {
    List<T> out = new ArrayList<>();
    if (tuples.isEmpty()) {
      return out;
    }
    int width = tuples.get(0).size();
    int perChunk = Math.max(1, MAX_PARAMS / width);
    String tuple = "(" + String.join(", ", Collections.nCopies(width, "?")) + ")";
    for (int from = 0; from < tuples.size(); from += perChunk) {
      List<? extends List<?>> chunk = tuples.subList(from, Math.min(tuples.size(), from + perChunk));
      String values = String.join(", ", Collections.nCopies(chunk.size(), tuple));
      out.addAll(query(c, head + " IN (VALUES " + values + ")" + tail, mapper, chunk.stream().flatMap(List::stream).toArray()));
    }
    return out;
  }

  static <T> Optional<T> one(Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
    List<T> rows = query(c, sql, mapper, params);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /** A nullable boolean column stored as 0/1. */
  /** Closes {@code c} (which may be {@code null}) ignoring errors, for a connection already broken; returns {@code null}. */
  static Connection closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // already broken
      }
    }
    return null;
  }

  static Boolean bool(ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v != 0;
  }

  private static void bind(PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object v = params[i];
      switch (v) {
        case null -> ps.setNull(i + 1, Types.NULL);
        case Instant t -> ps.setLong(i + 1, t.toEpochMilli());
        case Boolean b -> ps.setInt(i + 1, b ? 1 : 0);
        case Integer n -> ps.setInt(i + 1, n);
        case Long n -> ps.setLong(i + 1, n);
        case String s -> ps.setString(i + 1, s);
        default -> throw new IllegalArgumentException("cannot bind " + v.getClass().getName());
      }
    }
  }
}
