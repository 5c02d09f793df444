package dev.herald.store.jdbc;

import dev.herald.core.store.MessageStore;
import dev.herald.testkit.MessageStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on an embedded SQLite file. */
class SqliteMessageStoreTest extends MessageStoreContract {
  @TempDir Path dir;

  @Override
  protected MessageStore openStore() {
    return JdbcMessageStore.open(new StoreSettings(null, null, null, dir, 4));
  }
}
