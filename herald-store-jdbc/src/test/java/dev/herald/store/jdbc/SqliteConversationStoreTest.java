package dev.herald.store.jdbc;

import dev.herald.testkit.ConversationStoreContract;
import dev.herald.testkit.EngagementStores;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The conversation store contract on an embedded SQLite file. */
class SqliteConversationStoreTest extends ConversationStoreContract {
  @TempDir Path dir;

  @Override
  protected EngagementStores openStores() {
    return JdbcEngagementStores.open(new StoreSettings(null, null, null, dir, 4));
  }
}
