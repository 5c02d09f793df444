package dev.herald.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.consent.ConsentState;
import dev.herald.core.contact.Contact;
import dev.herald.core.error.ConflictException;
import dev.herald.core.message.Channel;
import dev.herald.testkit.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration that makes email addresses compare without case (PostgreSQL V17, SQLite V15), run
 * over contacts and consent entries stored before it: every address is found in any case, and
 * contacts whose addresses differ only in case, which the older schema let in, stay as written.
 */
class EmailKeyMigrationTest {
  @TempDir Path dir;

  @Test
  void sqliteKeysTheEmailAddressesItAlreadyHolds() throws SQLException {
    StoreSettings settings = new StoreSettings(null, null, null, dir, 4);
    Database.prepareDataDir(settings);
    upgrade(settings, "classpath:db/migration/sqlite", "14", null);
  }

  @Test
  void postgresqlKeysTheEmailAddressesItAlreadyHolds() throws SQLException {
    String url = TestDatabases.freshPostgresSchemaUrl();
    upgrade(new StoreSettings(url, null, null, null, 4), "classpath:db/migration/postgresql", "16",
        url.replaceFirst(".*currentSchema=", ""));
  }

  /** Migrates to {@code before}, stores rows as the older schema allowed, opens the store on it (migrating the rest). */
  private static void upgrade(StoreSettings settings, String migrations, String before, String schema) throws SQLException {
    var flyway = Flyway.configure().dataSource(settings.effectiveUrl(), null, null).locations(migrations).target(before);
    if (schema != null) {
      flyway.schemas(schema).createSchemas(true);
    }
    flyway.load().migrate();
    try (Connection c = DriverManager.getConnection(settings.effectiveUrl()); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO contacts (id, tenant_id, phone, email, created_at, updated_at) VALUES "
          + "('c1', 't1', NULL, 'grace@example.com', 0, 0), ('c2', 't1', '+14155550100', 'GRACE@example.com', 0, 0), "
          + "('c3', 't1', NULL, 'Ada@example.com', 0, 0), ('c4', 't2', NULL, 'Grace@example.com', 0, 0)");
      s.executeUpdate("INSERT INTO consent_records (id, tenant_id, channel, address, state, source, created_at) VALUES "
          + "('r1', 't1', 'email', 'Ada@example.com', 'opted_out', 'api', 0), "
          + "('r2', 't1', 'sms', '+14155550100', 'opted_out', 'keyword', 0)");
    }

    JdbcMessageStore store = JdbcMessageStore.open(settings);
    try {
      JdbcContactStore contacts = JdbcContactStore.on(store);
      assertThat(contacts.findByAddress("t1", "GRACE@example.com").map(Contact::id)).contains("c1");
      assertThat(contacts.findByAddress("t1", "+14155550100").map(Contact::id)).contains("c2");
      Contact twin = contacts.find("t1", "c2").orElseThrow();
      assertThat(twin.email()).isEqualTo("GRACE@example.com");
      assertThatThrownBy(() -> contacts.update(twin)).isInstanceOf(ConflictException.class).hasMessageContaining("c1");
      assertThat(contacts.findByAddress("t1", "ada@example.com").map(Contact::email)).contains("Ada@example.com");
      assertThat(contacts.findByAddress("t2", "grace@example.com").map(Contact::id)).contains("c4");
      Contact another = new Contact("c5", "t1", null, null, "ADA@example.com", null, null, null, null, null, null, null,
          null, null, Instant.EPOCH, Instant.EPOCH);
      assertThatThrownBy(() -> contacts.insert(another)).isInstanceOf(ConflictException.class);

      JdbcConsentStore consent = JdbcConsentStore.on(store);
      assertThat(consent.latest("t1", Channel.EMAIL, "ada@EXAMPLE.com").orElseThrow().state()).isEqualTo(ConsentState.OPTED_OUT);
      assertThat(consent.latest("t1", Channel.SMS, "+14155550100").orElseThrow().state()).isEqualTo(ConsentState.OPTED_OUT);
    } finally {
      store.close();
    }
  }
}
