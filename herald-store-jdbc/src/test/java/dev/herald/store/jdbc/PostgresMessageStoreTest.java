package dev.herald.store.jdbc;

import dev.herald.core.store.MessageStore;
import dev.herald.testkit.MessageStoreContract;
import dev.herald.testkit.TestDatabases;

/** The store contract on a real PostgreSQL (a fresh schema per test). */
class PostgresMessageStoreTest extends MessageStoreContract {
  @Override
  protected MessageStore openStore() {
    return JdbcMessageStore.open(new StoreSettings(TestDatabases.freshPostgresSchemaUrl(), null, null, null, 4));
  }
}
