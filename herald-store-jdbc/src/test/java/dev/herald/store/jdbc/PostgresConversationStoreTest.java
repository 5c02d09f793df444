package dev.herald.store.jdbc;

import dev.herald.testkit.ConversationStoreContract;
import dev.herald.testkit.EngagementStores;
import dev.herald.testkit.TestDatabases;

/** The conversation store contract on a real PostgreSQL (a fresh schema per test). */
class PostgresConversationStoreTest extends ConversationStoreContract {
  @Override
  protected EngagementStores openStores() {
    return JdbcEngagementStores.open(new StoreSettings(TestDatabases.freshPostgresSchemaUrl(), null, null, null, 4));
  }
}
