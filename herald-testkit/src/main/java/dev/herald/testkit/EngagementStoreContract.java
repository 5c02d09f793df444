package dev.herald.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Opens fresh {@link EngagementStores} around each test of a contract suite, with a settable clock. */
public abstract class EngagementStoreContract {
  protected EngagementStores stores;
  protected final SettableClock clock = SettableClock.atEpochOfTests();

  /** New, empty, migrated stores on one database. */
  protected abstract EngagementStores openStores();

  @BeforeEach
  void open() {
    stores = openStores();
  }

  @AfterEach
  void closeStores() {
    stores.close();
  }
}
