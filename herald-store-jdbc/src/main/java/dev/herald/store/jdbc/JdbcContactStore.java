package dev.herald.store.jdbc;

import dev.herald.core.contact.Contact;
import dev.herald.core.contact.ContactStore;
import dev.herald.core.error.ConflictException;
import dev.herald.core.message.Addresses;
import dev.herald.core.message.Channel;
import dev.herald.core.store.Page;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link ContactStore} on the message store's database; addresses are unique per tenant by index.
 * An email address is kept as written and compared by its key ({@link Addresses#key}, column
 * {@code email_key}), which the index makes unique.
 */
public final class JdbcContactStore implements ContactStore {
  private static final String COLUMNS = "id, tenant_id, name, phone, email, whatsapp, has_whatsapp, allows_sms, "
      + "time_zone, preferred_channel, locale, last_active_channel, last_active_at, metadata, created_at, updated_at";

  /** Addresses per lookup query (each is bound three times; SQLite allows 32,766 parameters). */
  private static final int MAX_ADDRESSES = 1_000;

  private final Database db;
  private final GroupCommit<Lookup, Contact> singles;

  private JdbcContactStore(Database db, GroupCommit<Lookup, Contact> singles) {
    this.db = db;
    this.singles = singles;
  }

  /** The contact store sharing {@code store}'s database (and its grouped address lookups). */
  public static JdbcContactStore on(JdbcMessageStore store) {
    return new JdbcContactStore(store.database(), store.contactLookups());
  }

  @Override
  public void insert(Contact k) {
    db.write(c -> {
      int n = Sql.update(c, "INSERT INTO contacts (" + COLUMNS + ", email_key) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
          + "ON CONFLICT DO NOTHING", k.id(), k.tenantId(), k.name(), k.phone(), k.email(), k.whatsapp(),
          k.hasWhatsapp(), k.allowsSms(), k.timeZone(), wire(k.preferredChannel()), k.locale(),
          wire(k.lastActiveChannel()), k.lastActiveAt(), k.metadata().isEmpty() ? null : Rows.json(k.metadata()),
          k.createdAt(), k.updatedAt(), emailKey(k.email()));
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
      Sql.update(c, "UPDATE contacts SET name = ?, phone = ?, email = ?, email_key = ?, whatsapp = ?, has_whatsapp = ?, "
          + "allows_sms = ?, time_zone = ?, preferred_channel = ?, locale = ?, metadata = ?, updated_at = ? "
          + "WHERE tenant_id = ? AND id = ?",
          k.name(), k.phone(), k.email(), emailKey(k.email()), k.whatsapp(), k.hasWhatsapp(), k.allowsSms(), k.timeZone(),
          wire(k.preferredChannel()), k.locale(), k.metadata().isEmpty() ? null : Rows.json(k.metadata()),
          k.updatedAt(), k.tenantId(), k.id());
      return null;
    });
  }

  /** The refusal naming an address of {@code k} that another contact holds, if any does. */
  private static Optional<ConflictException> taken(Connection c, Contact k) throws SQLException {
    // field, its address, the column it is compared in, the value compared
    for (String[] field : new String[][] {{"phone", k.phone(), "phone", k.phone()},
        {"email", k.email(), "email_key", emailKey(k.email())}, {"whatsapp", k.whatsapp(), "whatsapp", k.whatsapp()}}) {
      if (field[1] == null) {
        continue;
      }
      Optional<String> owner = Sql.one(c, "SELECT id FROM contacts WHERE tenant_id = ? AND " + field[2] + " = ? AND id <> ?",
          rs -> rs.getString(1), k.tenantId(), field[3], k.id());
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

  /**
   * One address is looked up with whatever other single lookups are waiting (every accepted message
   * to a raw address asks for one), so a burst of requests costs one query; a list is one query.
   */
  @Override
  public Map<String, Contact> findByAddresses(String tenantId, Collection<String> addresses) {
    if (addresses.size() == 1) {
      String address = addresses.iterator().next();
      Contact found = singles.submit(new Lookup(tenantId, address));
      return found == null ? Map.of() : Map.of(address, found);
    }
    return db.read(c -> lookUp(c, tenantId, addresses));
  }

  /** One address of one tenant, asked for alone. */
  record Lookup(String tenantId, String address) {}

  /** Answers a group of single lookups, one query per tenant in the group; {@code null} where none. */
  static List<Contact> lookUpGroup(Connection c, List<Lookup> group) throws SQLException {
    Map<String, Map<String, Contact>> byTenant = new HashMap<>();
    Map<String, List<String>> asked = new HashMap<>();
    for (Lookup l : group) {
      asked.computeIfAbsent(l.tenantId(), t -> new ArrayList<>()).add(l.address());
    }
    for (Map.Entry<String, List<String>> e : asked.entrySet()) {
      byTenant.put(e.getKey(), lookUp(c, e.getKey(), e.getValue()));
    }
    List<Contact> out = new ArrayList<>(group.size());
    for (Lookup l : group) {
      out.add(byTenant.get(l.tenantId()).get(l.address()));
    }
    return out;
  }

  /** A contact found by address, with the key its email address is compared by (null when it has none). */
  private record Found(Contact contact, String emailKey) {}

  /** Answers by address as asked: an email address asked in several cases gets one entry for each. */
  private static Map<String, Contact> lookUp(Connection c, String tenantId, Collection<String> addresses) throws SQLException {
    List<String> wanted = List.copyOf(new LinkedHashSet<>(addresses));
    Map<String, Contact> out = new HashMap<>();
    for (int from = 0; from < wanted.size(); from += MAX_ADDRESSES) {
      List<String> chunk = wanted.subList(from, Math.min(wanted.size(), from + MAX_ADDRESSES));
      String in = String.join(", ", Collections.nCopies(chunk.size(), "?"));
      List<String> keys = chunk.stream().map(JdbcContactStore::emailKey).toList();
      Map<String, List<String>> askedByKey = new HashMap<>();
      for (int i = 0; i < chunk.size(); i++) {
        askedByKey.computeIfAbsent(keys.get(i), key -> new ArrayList<>(1)).add(chunk.get(i));
      }
      List<Object> params = new ArrayList<>(3 * (chunk.size() + 1));
      params.add(tenantId);
      params.addAll(chunk);
      params.add(tenantId);
      params.addAll(keys);
      params.add(tenantId);
      params.addAll(chunk);
      Set<String> asked = new HashSet<>(chunk);
      // One indexed branch per address column (each has a unique index per tenant).
      for (Found f : Sql.query(c, "SELECT " + COLUMNS + ", email_key FROM contacts WHERE tenant_id = ? AND phone IN (" + in + ") "
          + "UNION SELECT " + COLUMNS + ", email_key FROM contacts WHERE tenant_id = ? AND email_key IN (" + in + ") "
          + "UNION SELECT " + COLUMNS + ", email_key FROM contacts WHERE tenant_id = ? AND whatsapp IN (" + in + ")",
          rs -> new Found(contact(rs), rs.getString("email_key")), params.toArray())) {
        Contact k = f.contact();
        for (String a : new String[] {k.phone(), k.whatsapp()}) {
          if (a != null && asked.contains(a)) {
            out.put(a, k);
          }
        }
        if (f.emailKey() != null) {
          askedByKey.getOrDefault(f.emailKey(), List.of()).forEach(a -> out.put(a, k));
        }
      }
    }
    return out;
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

  @Override
  public void learnInbound(String tenantId, String id, Channel channel, String address, Instant at) {
    String[] columns = switch (channel) {
      case SMS -> new String[] {"phone", "allows_sms"};
      case WHATSAPP -> new String[] {"whatsapp", "has_whatsapp"};
      case EMAIL, VOICE, WEBHOOK -> null;
    };
    if (columns == null) {
      return;
    }
    String column = columns[0];
    db.write(c -> Sql.update(c, "UPDATE contacts SET " + columns[1] + " = 1, " + column + " = CASE WHEN " + column
        + " IS NULL AND NOT EXISTS (SELECT 1 FROM contacts o WHERE o.tenant_id = ? AND o." + column + " = ?) THEN ? ELSE "
        + column + " END, updated_at = ? WHERE tenant_id = ? AND id = ?", tenantId, address, address, at, tenantId, id));
  }

  private static Contact contact(ResultSet rs) throws SQLException {
    return new Contact(rs.getString("id"), rs.getString("tenant_id"), rs.getString("name"), rs.getString("phone"),
        rs.getString("email"), rs.getString("whatsapp"), Sql.bool(rs, "has_whatsapp"), Sql.bool(rs, "allows_sms"),
        rs.getString("time_zone"), channel(rs.getString("preferred_channel")), rs.getString("locale"),
        channel(rs.getString("last_active_channel")), Rows.instant(rs, "last_active_at"),
        Rows.metadata(rs.getString("metadata")), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
  }

  /** The key an email address is compared by; null for none. */
  private static String emailKey(String email) {
    return email == null ? null : Addresses.key(Channel.EMAIL, email);
  }

  static Channel channel(String wire) {
    return wire == null ? null : Channel.valueOf(wire.toUpperCase(Locale.ROOT));
  }

  static String wire(Channel channel) {
    return channel == null ? null : channel.wireName();
  }
}
