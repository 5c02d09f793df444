package dev.herald.core.error;

import java.time.Duration;

/**
 * The store cannot do what was asked now, though nothing is wrong with the request: the database
 * is unreachable or did not answer within the configured wait, or it refuses writes (full, or
 * read-only). Asking again later may succeed: the API answers 503 with {@code Retry-After}, and
 * background work tries again by itself.
 */
public final class UnavailableException extends HeraldException {
  /** The database is unreachable, refuses connections, or did not answer within the wait. */
  public static final String DATABASE_UNAVAILABLE = "database_unavailable";
  /** The database has no room left: its disk (or its configured size) is full. */
  public static final String STORAGE_FULL = "storage_full";
  /** The database takes reads but refuses writes (a read-only file system, a standby). */
  public static final String STORAGE_READ_ONLY = "storage_read_only";

  private final Duration retryAfter;

  /**
   * @param code {@link #DATABASE_UNAVAILABLE}, {@link #STORAGE_FULL} or {@link #STORAGE_READ_ONLY}
   * @param retryAfter how long a caller should wait before asking again
   */
  public UnavailableException(String code, String message, Duration retryAfter, Throwable cause) {
    super(code, message);
    this.retryAfter = retryAfter;
    if (cause != null) {
      initCause(cause);
    }
  }

  /** How long a caller should wait before asking again. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** Whether reads still work (the store refuses writes only). */
  public boolean writesOnly() {
    return !code().equals(DATABASE_UNAVAILABLE);
  }
}
