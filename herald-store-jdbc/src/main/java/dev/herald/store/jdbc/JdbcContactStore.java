package dev.herald.store.jdbc;

import dev.herald.core.contact.Contact;
import dev.herald.core.contact.ContactStore;
import dev.herald.core.error.ConflictException;
import dev.herald.core.message.Channel;
import dev.herald.core.store.Page;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@link ContactStore} on the message store's database; addresses are unique per tenant by index. */
public final class JdbcContactStore implements ContactStore {
  private static final String COLUMNS = "id, tenant_id, name, phone, email, whatsapp, has_whatsapp, allows_sms, "
      + "time_zone, preferred_channel, locale, last_active_channel, last_active_at, metadata, created_at, updated_at";

  private final Database db;

  private JdbcContactStore(Database db) {
    this.db = db;
  }

  /** The contact store sharing {@code store}'s database. */
  public static JdbcContactStore on(JdbcMessageStore store) {
    return new JdbcContactStore(store.database());
  }

  @Override
  public void insert(Contact k) {
    db.write(c -> {
      int n = Sql.update(c, "INSERT INTO contacts (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
          + "ON CONFLICT DO NOTHING", k.id(), k.tenantId(), k.name(), k.phone(), k.email(), k.whatsapp(),
          k.hasWhatsapp(), k.allowsSms(), k.timeZone(), wire(k.preferredChannel()), k.locale(),
          wire(k.lastActiveChannel()), k.lastActiveAt(), k.metadata().isEmpty() ? null : Rows.json(k.metadata()),
          k.createdAt(), k.updatedAt());
      if (n == 0) {
        throw taken(c, k).orElseGet(() -> new ConflictException("contact " + k.id() + " already exists"));
      }
      return null;
    });
  }

  @Override
  public void update(Contact k) {
    db.write(c -> {
      Optional<ConflictException> taken = taken(c, k);
      if (taken.isPresent()) {
        throw taken.get();
      }
      Sql.update(c, "UPDATE contacts SET name = ?, phone = ?, email = ?, whatsapp = ?, has_whatsapp = ?, allows_sms = ?, "
          + "time_zone = ?, preferred_channel = ?, locale = ?, metadata = ?, updated_at = ? WHERE tenant_id = ? AND id = ?",
          k.name(), k.phone(), k.email(), k.whatsapp(), k.hasWhatsapp(), k.allowsSms(), k.timeZone(),
          wire(k.preferredChannel()), k.locale(), k.metadata().isEmpty() ? null : Rows.json(k.metadata()),
          k.updatedAt(), k.tenantId(), k.id());
      return null;
    });
  }

  /** The refusal naming an address of {@code k} that another contact holds, if any does. */
  private static Optional<ConflictException> taken(Connection c, Contact k) throws SQLException {
    for (String[] field : new String[][] {{"phone", k.phone()}, {"email", k.email()}, {"whatsapp", k.whatsapp()}}) {
      if (field[1] == null) {
        continue;
      }
      Optional<String> owner = Sql.one(c, "SELECT id FROM contacts WHERE tenant_id = ? AND " + field[0] + " = ? AND id <> ?",
          rs -> rs.getString(1), k.tenantId(), field[1], k.id());
      if (owner.isPresent()) {
        return Optional.of(new ConflictException(field[0] + " " + field[1] + " already belongs to contact " + owner.get()));
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean delete(String tenantId, String id) {
    return db.write(c -> Sql.update(c, "DELETE FROM contacts WHERE tenant_id = ? AND id = ?", tenantId, id) == 1);
  }

  @Override
  public Optional<Contact> find(String tenantId, String id) {
    return db.read(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM contacts WHERE tenant_id = ? AND id = ?",
        JdbcContactStore::contact, tenantId, id));
  }

  @Override
  public Optional<Contact> findByAddress(String tenantId, String address) {
    return db.read(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM contacts WHERE tenant_id = ? AND phone = ? UNION "
        + "SELECT " + COLUMNS + " FROM contacts WHERE tenant_id = ? AND whatsapp = ? UNION "
        + "SELECT " + COLUMNS + " FROM contacts WHERE tenant_id = ? AND email = ? ORDER BY id",
        JdbcContactStore::contact, tenantId, address, tenantId, address, tenantId, address));
  }

  @Override
  public Page<Contact> list(String tenantId, String cursor, int limit) {
    return db.read(c -> {
      List<Contact> rows = cursor == null
          ? Sql.query(c, "SELECT " + COLUMNS + " FROM contacts WHERE tenant_id = ? ORDER BY id DESC LIMIT ?",
              JdbcContactStore::contact, tenantId, limit + 1)
          : Sql.query(c, "SELECT " + COLUMNS + " FROM contacts WHERE tenant_id = ? AND id < ? ORDER BY id DESC LIMIT ?",
              JdbcContactStore::contact, tenantId, cursor, limit + 1);
      return rows.size() > limit ? new Page<>(rows.subList(0, limit), rows.get(limit - 1).id()) : new Page<>(rows, null);
    });
  }

  @Override
  public void touch(String tenantId, String id, Channel channel, Instant at) {
    db.write(c -> Sql.update(c, "UPDATE contacts SET last_active_channel = ?, last_active_at = ? "
        + "WHERE tenant_id = ? AND id = ? AND (last_active_at IS NULL OR last_active_at <= ?)",
        channel.wireName(), at, tenantId, id, at));
  }

  private static Contact contact(ResultSet rs) throws SQLException {
    return new Contact(rs.getString("id"), rs.getString("tenant_id"), rs.getString("name"), rs.getString("phone"),
        rs.getString("email"), rs.getString("whatsapp"), Sql.bool(rs, "has_whatsapp"), Sql.bool(rs, "allows_sms"),
        rs.getString("time_zone"), channel(rs.getString("preferred_channel")), rs.getString("locale"),
        channel(rs.getString("last_active_channel")), Rows.instant(rs, "last_active_at"),
        Rows.metadata(rs.getString("metadata")), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
  }

  static Channel channel(String wire) {
    return wire == null ? null : Channel.valueOf(wire.toUpperCase(Locale.ROOT));
  }

  static String wire(Channel channel) {
    return channel == null ? null : channel.wireName();
  }
}
