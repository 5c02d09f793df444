package dev.herald.store.jdbc;

import dev.herald.core.error.UnavailableException;
import dev.herald.core.store.StoreHealth;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tells {@code /health} whether the database works now, within the store's wait whatever the
 * database does: one probe at a time runs on a thread of its own, and callers share its answer,
 * or hear "down" once their wait is over. A database that is down answers no read; one that is
 * full or read-only still answers reads, so after a write was refused for either reason the probe
 * writes, until a write succeeds again.
 */
final class HealthProbe {
  private static final byte[] PROBE_FILLER = new byte[16 * 1024];

  static {
    new java.util.Random(19).nextBytes(PROBE_FILLER); // incompressible: PostgreSQL must store all of it
  }

  private final Database db;
  /** The last write refused for want of space or as read-only, until a probe writes again; else null. */
  private final AtomicReference<UnavailableException> writesRefused = new AtomicReference<>();
  /** The probe running or last run. */
  private final AtomicReference<CompletableFuture<StoreHealth>> probe =
      new AtomicReference<>(CompletableFuture.completedFuture(StoreHealth.UP));

  HealthProbe(Database db) {
    this.db = db;
  }

  /** A write was refused for want of space or as read-only. */
  void writeRefused(UnavailableException e) {
    writesRefused.set(e);
  }

  /**
   * Whether the database answers, and takes writes, within {@link Database#timeout}: the probe is a
   * read while writes work, and a write needing new pages (16 KiB, deleted again in the same
   * transaction) after a write was refused for want of space or as read-only.
   */
  StoreHealth check() {
    CompletableFuture<StoreHealth> current = probe.get();
    if (current.isDone()) {
      CompletableFuture<StoreHealth> next = new CompletableFuture<>();
      if (probe.compareAndSet(current, next)) {
        Thread.ofVirtual().name("herald-health-probe").start(() -> next.complete(probe()));
      }
      current = probe.get();
    }
    try {
      return current.get(db.timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return new StoreHealth(StoreHealth.Database.DOWN, "no answer within " + db.timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new StoreHealth(StoreHealth.Database.DOWN, "interrupted while probing the database");
    } catch (ExecutionException e) {
      return new StoreHealth(StoreHealth.Database.DOWN, rootMessage(e));
    }
  }

  private StoreHealth probe() {
    UnavailableException refused = writesRefused.get();
    try {
      if (refused == null) {
        // A read of Herald's own (always empty) table: a database that lost Herald's schema is down too.
        db.query(c -> Sql.one(c, "SELECT 1 FROM health_probe LIMIT 1", rs -> 1));
      } else {
        db.write(HealthProbe::probeWrite);
        writesRefused.compareAndSet(refused, null);
      }
      return StoreHealth.UP;
    } catch (UnavailableException e) {
      return new StoreHealth(switch (e.code()) {
        case UnavailableException.STORAGE_FULL -> StoreHealth.Database.FULL;
        case UnavailableException.STORAGE_READ_ONLY -> StoreHealth.Database.READ_ONLY;
        default -> StoreHealth.Database.DOWN;
      }, rootMessage(e));
    } catch (RuntimeException e) {
      return new StoreHealth(StoreHealth.Database.DOWN, rootMessage(e));
    }
  }

  private static Object probeWrite(Connection c) throws SQLException {
    int id = java.util.concurrent.ThreadLocalRandom.current().nextInt(); // nodes probing together do not wait on one row
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO health_probe (id, filler) VALUES (?, ?)");
        PreparedStatement delete = c.prepareStatement("DELETE FROM health_probe WHERE id = ?")) {
      insert.setInt(1, id);
      insert.setBytes(2, PROBE_FILLER);
      insert.executeUpdate();
      delete.setInt(1, id);
      delete.executeUpdate();
      return null;
    }
  }

  /** The message of the innermost cause: the database's own words. */
  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }
}
