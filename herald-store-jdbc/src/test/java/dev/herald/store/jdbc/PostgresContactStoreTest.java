package dev.herald.store.jdbc;

import dev.herald.testkit.ContactStoreContract;
import dev.herald.testkit.EngagementStores;
import dev.herald.testkit.TestDatabases;

/** The contact store contract on a real PostgreSQL (a fresh schema per test). */
class PostgresContactStoreTest extends ContactStoreContract {
  @Override
  protected EngagementStores openStores() {
    return JdbcEngagementStores.open(new StoreSettings(TestDatabases.freshPostgresSchemaUrl(), null, null, null, 4));
  }
}
