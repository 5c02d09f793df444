package dev.herald.store.jdbc;

import dev.herald.testkit.ContactStoreContract;
import dev.herald.testkit.EngagementStores;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contact store contract on an embedded SQLite file. */
class SqliteContactStoreTest extends ContactStoreContract {
  @TempDir Path dir;

  @Override
  protected EngagementStores openStores() {
    return JdbcEngagementStores.open(new StoreSettings(null, null, null, dir, 4));
  }
}
