package dev.herald.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * New rows for PostgreSQL's {@code COPY <table> (…) FROM STDIN}, in its text format: one
 * line per row, columns separated by a tab, {@code \N} for NULL, and a backslash, newline, carriage
 * return or tab inside a value escaped as {@code \\}, {@code \n}, {@code \r}, {@code \t}
 * (PostgreSQL 15 manual, COPY, "Text Format"). The rows are encoded here as UTF-8, the session's
 * {@code client_encoding}, which pgjdbc always sets to UTF8.
 *
 * <p>Why: a batch of 1,000 rows as a multi-row {@code INSERT … VALUES} has PostgreSQL set up the
 * expressions of every row of the list, about a fifth of its CPU in S2's batches (perf, BENCHMARKS.md);
 * {@code COPY} parses each line straight into a row. Rows and their indexes are written the same.
 */
final class CopyRows implements Rows.NewRow {
  /**
   * The fewest rows written with {@code COPY} rather than a batched insert: a {@code COPY} is one
   * simple-protocol statement, unplanned, so it pays from a few rows on; the break-even itself was
   * not measured.
   */
  static final int WORTH_FROM = 64;
  private final String copy;
  private final StringBuilder text = new StringBuilder(256);
  private boolean rowStarted;

  /** @param target the table and its columns, in the order values are given: {@code t (a, b, c)} */
  CopyRows(String target) {
    this.copy = "COPY " + target + " FROM STDIN";
  }

  /** Ends the row whose values were given since the last one. */
  void endRow() {
    text.append('\n');
    rowStarted = false;
  }

  /**
   * Writes the appended rows in one {@code COPY} on {@code c} (in its transaction) and starts over.
   *
   * @return rows written
   * @throws SQLException as an insert would (a duplicate key, a NOT NULL column); the copy is then
   *     ended and nothing of it is written
   */
  long copyTo(Connection c) throws SQLException {
    if (text.isEmpty()) {
      return 0;
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    text.setLength(0);
    CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copy);
    try {
      in.writeToCopy(bytes, 0, bytes.length);
      return in.endCopy();
    } catch (SQLException | RuntimeException e) {
      // A refused row ends the copy on the server's side (isActive() is then false) and aborts the
      // transaction, which the caller rolls back; only a broken connection leaves it active.
      if (in.isActive()) {
        try {
          in.cancelCopy();
        } catch (SQLException cancel) {
          e.addSuppressed(cancel);
        }
      }
      throw e;
    }
  }

  @Override
  public void text(String value) {
    separate();
    if (value == null) {
      text.append("\\N");
      return;
    }
    int n = value.length();
    for (int i = 0; i < n; i++) {
      char ch = value.charAt(i);
      switch (ch) {
        case '\\' -> text.append("\\\\");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        case '\t' -> text.append("\\t");
        default -> text.append(ch);
      }
    }
  }

  @Override
  public void integer(int value) {
    separate();
    text.append(value);
  }

  @Override
  public void bigint(long value) {
    separate();
    text.append(value);
  }

  @Override
  public void instant(Instant value) {
    separate();
    if (value == null) {
      text.append("\\N");
    } else {
      text.append(value.toEpochMilli());
    }
  }

  private void separate() {
    if (rowStarted) {
      text.append('\t');
    }
    rowStarted = true;
  }
}
