package dev.herald.core.store;

/**
 * What the store can do now, as {@code /health} reports it.
 *
 * @param database {@link Database#UP}, or what is wrong
 * @param detail why it is not up (the database's own error), or {@code null} when it is
 */
public record StoreHealth(Database database, String detail) {
  /** The database's state. */
  public enum Database {
    /** Reads and writes work. */
    UP,
    /** Unreachable, refusing connections, or no answer within the configured wait. */
    DOWN,
    /** Reads work; writes that need space fail. */
    FULL,
    /** Reads work; every write is refused. */
    READ_ONLY;

    /** The lower-case name used on the wire. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static final StoreHealth UP = new StoreHealth(Database.UP, null);
}
