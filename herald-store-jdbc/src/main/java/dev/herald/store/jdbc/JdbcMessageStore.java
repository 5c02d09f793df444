package dev.herald.store.jdbc;

import dev.herald.core.error.ConflictException;
import dev.herald.core.error.NotFoundException;
import dev.herald.core.message.Content;
import dev.herald.core.message.DeliveryAttempt;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.message.StatusTransitions;
import dev.herald.core.provider.SendJournal;
import dev.herald.core.ratelimit.BucketRateLimiter;
import dev.herald.core.ratelimit.RateLimiter;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import dev.herald.core.provider.StatusReport;
import dev.herald.core.provider.StatusReportSink;
import dev.herald.core.store.Completion;
import dev.herald.core.store.MessageQuery;
import dev.herald.core.store.MessageStore;
import dev.herald.core.store.Page;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MessageStore} on JDBC, for SQLite and PostgreSQL. The queue operations (claim, complete,
 * reap) are single statements or one batched transaction; status changes made on behalf of callers
 * and providers go through {@link StatusTransitions} and are guarded by the status they expect.
 */
public final class JdbcMessageStore implements MessageStore {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcMessageStore.class);
  private final Database db;
  /** The embedded store's in-memory leases; null on PostgreSQL, whose leases are in the rows ({@link RowLeases}). */
  private final EmbeddedLeases leases;
  /** The embedded store's leases recorded for the next process; null on PostgreSQL and in memory. */
  private final InFlightLog inFlightLog;
  private final ConsentScopes consentScopes;
  /** PostgreSQL: this node's claimed attempts not yet recorded; null on the embedded store. */
  private final LocalAttempts inFlight;
  private final JdbcSendJournal journal;
  /**
   * The simulator's journal's own file beside the embedded store's (it stands for a provider's own
   * records and would otherwise queue behind Herald's single writer); null where it shares
   * {@link #db} (PostgreSQL).
   */
  private final Database journalDb;
  /** Embedded store: no lease left in the file by an older version (the file reap is then skipped). */
  private volatile boolean fileLeasesRecovered;
  private final ReportWriter reports;
  private final IdempotentInsert inserts;
  private final WorkListener listener;
  private final WorkNotifier notifier;
  private final GroupCommit<JdbcContactStore.Lookup, dev.herald.core.contact.Contact> contactLookups;

  /** Opens (and migrates) the store. */
  public static JdbcMessageStore open(StoreSettings settings) {
    // The embedded store's lock first: a second process is refused before it migrates anything.
    java.nio.file.Path logFile = Database.sqliteFileBeside(settings, "inflight", ".leases");
    InFlightLog log = null;
    Database db = null;
    Database journalDb = null;
    try {
      if (logFile != null) {
        Database.prepareDataDir(settings);
        log = InFlightLog.open(logFile);
      }
      db = new Database(settings);
      journalDb = Database.sqliteBeside(settings, "simulator", "classpath:db/journal/sqlite");
      return new JdbcMessageStore(db, journalDb, log);
    } catch (RuntimeException e) {
      if (journalDb != null) {
        journalDb.close();
      }
      if (db != null) {
        db.close();
      }
      if (log != null) {
        log.close();
      }
      throw e;
    }
  }

  private JdbcMessageStore(Database db, Database journalDb, InFlightLog inFlightLog) {
    this.db = db;
    this.journalDb = journalDb;
    this.inFlightLog = inFlightLog;
    this.leases = db.dialect == Dialect.SQLITE ? new EmbeddedLeases(inFlightLog) : null;
    this.consentScopes = db.dialect == Dialect.SQLITE ? new ConsentScopes(db) : null;
    if (leases != null) {
      List<EmbeddedLeases.Lease> held = leases.recover(db);
      if (!held.isEmpty()) {
        LOG.warn("holding {} messages that were in flight when the previous process stopped until 5 s past their "
            + "leases' end (the last at {}): a provider's report can settle them first", held.size(),
            held.stream().map(l -> l.until).max(Instant::compareTo).orElseThrow());
      }
    }
    this.journal = new JdbcSendJournal(journalDb != null ? journalDb : db);
    if (journalDb != null) {
      journal.adoptFrom(db);
    }
    this.inFlight = leases == null ? new LocalAttempts() : null;
    this.reports = new ReportWriter(db, leases != null ? leases::awaitSettled : inFlight::awaitRecorded,
        leases != null ? leases::held : null);
    this.notifier = db.dialect.supportsNotify() ? new WorkNotifier(db) : null;
    this.inserts = new IdempotentInsert(db, this::load, notifier);
    this.listener = new WorkListener(db);
    this.contactLookups = GroupCommit.reads(db, "herald-contact-lookup", 256, 2, JdbcContactStore::lookUpGroup);
  }

  /** Single address lookups of the contact store, grouped (one query for a burst of accepts). */
  GroupCommit<JdbcContactStore.Lookup, dev.herald.core.contact.Contact> contactLookups() {
    return contactLookups;
  }

  /**
   * The rate limiter for this store's deployment: buckets in memory for the embedded single-node
   * store, buckets in PostgreSQL (Bucket4j, row lock per take) shared by every node otherwise.
   */
  public RateLimiter rateLimiter() {
    if (db.dialect == Dialect.SQLITE) {
      return BucketRateLimiter.local();
    }
    ProxyManager<String> proxies = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(db.writerDataSource())
        .primaryKeyMapper(PrimaryKeyMapper.STRING).table("rate_limit_buckets").idColumn("id").stateColumn("state").build();
    return new BucketRateLimiter((key, config) -> proxies.getProxy(key, () -> config));
  }

  /** The pairs with consent records, shared by the ledgers on the embedded store; null on PostgreSQL. */
  ConsentScopes consentScopes() {
    return consentScopes;
  }

  /** The database, for the stores of contacts, consent and conversations sharing it. */
  Database database() {
    return db;
  }

  /** PostgreSQL claims at insert; the embedded store does not (its claims are reads of its own index). */
  @Override
  public boolean claimsAtInsert() {
    return leases == null;
  }

  @Override
  public InsertResult insert(String tenantId, List<Message> messages, IdempotencyClaim idempotency, ClaimAtInsert claim) {
    InsertResult result = inserts.insert(tenantId, messages, idempotency, claimsAtInsert() ? claim : null);
    if (claim != null && result instanceof InsertResult.Inserted ins && !ins.claimed().isEmpty()) {
      inFlight.claimed(ins.claimed(), Duration.between(claim.now(), claim.leaseUntil()));
    }
    return result;
  }

  @Override
  public Optional<Message> find(String tenantId, String messageId) {
    EmbeddedLeases.Lease lease = leaseOf(messageId);
    return db.read(c -> one(c, "SELECT " + Rows.COLUMNS + " FROM messages WHERE id = ? AND tenant_id = ?", messageId, tenantId))
        .map(m -> EmbeddedLeases.overlay(m, lease));
  }

  @Override
  public List<DeliveryAttempt> attempts(String messageId) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT * FROM delivery_attempts WHERE message_id = ? ORDER BY attempt, started_at")) {
        ps.setString(1, messageId);
        List<DeliveryAttempt> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(Rows.attempt(rs));
          }
        }
        return out;
      }
    });
  }

  @Override
  public List<dev.herald.core.message.MessageEvent> events(String messageId) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT * FROM message_events WHERE message_id = ? ORDER BY received_at, id")) {
        ps.setString(1, messageId);
        List<dev.herald.core.message.MessageEvent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new dev.herald.core.message.MessageEvent(rs.getString("id"), rs.getString("message_id"),
                rs.getString("provider"), rs.getString("provider_message_id"), rs.getString("event_type"),
                MessageStatus.fromWire(rs.getString("status")), rs.getString("outcome"), rs.getString("payload"),
                Instant.ofEpochMilli(rs.getLong("received_at"))));
          }
        }
        return out;
      }
    });
  }

  @Override
  public Page<Message> list(String tenantId, MessageQuery q) {
    if (leases == null) {
      return db.read(c -> MessageListing.list(c, tenantId, q));
    }
    // On the embedded store a message in flight is shown sending (the file still says queued);
    // a status filter applies to the file's status.
    Map<String, EmbeddedLeases.Lease> inFlight = leases.snapshot();
    Page<Message> page = db.read(c -> MessageListing.list(c, tenantId, q));
    return new Page<>(page.items().stream().map(m -> EmbeddedLeases.overlay(m, inFlight.get(m.id()))).toList(),
        page.nextCursor());
  }

  @Override
  public List<StatusCount> countByStatus(String tenantId, Instant createdFrom) {
    return db.read(c -> MessageListing.countByStatus(c, tenantId, createdFrom));
  }

  @Override
  public List<Message> claimDue(String node, Instant now, Instant leaseUntil, int limit) {
    if (leases != null) {
      return leases.claim(db, node, now, leaseUntil, limit);
    }
    List<Message> claimed = RowLeases.claim(db, node, now, leaseUntil, limit);
    // Registered before any send of them starts, so no report of these sends can miss it.
    inFlight.claimed(claimed, Duration.between(now, leaseUntil));
    return claimed;
  }

  @Override
  public int complete(List<Completion> completions) {
    if (leases != null) {
      // An outcome whose lease was lost (reaped, claimed again) changes nothing, as in the file.
      Map<String, EmbeddedLeases.Lease> taken = leases.takeForCompletion(completions);
      List<Completion> held = completions.stream().filter(d -> {
        EmbeddedLeases.Lease l = taken.get(d.messageId());
        return l != null && l.node.equals(d.node()) && l.attempt == d.attempt();
      }).toList();
      if (held.isEmpty()) {
        return 0;
      }
      int applied;
      try {
        applied = db.write(c -> {
          int n = CompletionBatch.writeEmbedded(c, held, taken);
          EarlyReports.apply(c, held, held.get(0).at());
          return n;
        });
      } catch (RuntimeException e) {
        // Still in flight: the outcome may be written again, or the lease run out and be reaped.
        leases.release(taken.values());
        throw e;
      }
      leases.settle(taken.values());
      return applied;
    }
    int applied = db.write(c -> {
      int n = CompletionBatch.write(c, completions);
      EarlyReports.apply(c, completions, completions.isEmpty() ? Instant.EPOCH : completions.get(0).at());
      return n;
    });
    inFlight.recorded(completions);
    return applied;
  }

  @Override
  public int reapExpiredLeases(Instant cutoff, Instant now) {
    if (leases == null) {
      // PostgreSQL's leases are taken over by the next claim once they run out (RowLeases); rows
      // an older version left 'sending' became such leases in the migration (V14).
      return 0;
    }
    int inMemory = reapEmbedded(cutoff, now);
    if (fileLeasesRecovered) {
      return inMemory;
    }
    // Leases an older version left in the file.
    int inFile = db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE messages SET status = 'queued', due_at = ?, lease_owner = NULL, lease_until = NULL, updated_at = ?, "
              + "timeline = timeline || ? WHERE status = 'sending' AND lease_until < ?")) {
        ps.setLong(1, now.toEpochMilli());
        ps.setLong(2, now.toEpochMilli());
        ps.setString(3, Timeline.entry(now, MessageStatus.SENDING, MessageStatus.QUEUED, Timeline.LEASE_EXPIRED));
        ps.setLong(4, cutoff.toEpochMilli());
        int n = ps.executeUpdate();
        // The embedded store never writes a lease into the file any more: once the leases an
        // older version left there are recovered, this statement has nothing left to find.
        fileLeasesRecovered = Sql.one(c, "SELECT 1 FROM messages WHERE status = 'sending' LIMIT 1", rs -> 1).isEmpty();
        return n;
      }
    });
    return inMemory + inFile;
  }

  /** The in-memory lease on message {@code id} (embedded store), or null. */
  private EmbeddedLeases.Lease leaseOf(String id) {
    return leases == null ? null : leases.get(id);
  }

  /**
   * The embedded store's expired leases: the attempt they stood for is written as spent (its claim
   * and the expiry on the timeline), the message is due again at once, and the lease is dropped.
   */
  private int reapEmbedded(Instant cutoff, Instant now) {
    List<EmbeddedLeases.Lease> expired = leases.takeExpired(cutoff);
    if (expired.isEmpty()) {
      return 0;
    }
    int reaped;
    try {
      reaped = db.write(c -> {
        int n = 0;
        for (EmbeddedLeases.Lease l : expired) {
          n += Sql.update(c, "UPDATE messages SET status = 'queued', attempts = ?, due_at = ?, updated_at = ?, "
                  + "timeline = timeline || ? || ? WHERE id = ? AND status IN " + Rows.WAITING + " AND attempts = ?",
              l.attempt, now.toEpochMilli(), now.toEpochMilli(), l.claimEntries(),
              Timeline.entry(now, MessageStatus.SENDING, MessageStatus.QUEUED, Timeline.LEASE_EXPIRED),
              l.id, l.attempt - 1);
        }
        return n;
      });
    } catch (RuntimeException e) {
      // Not written: the leases stay (the message is not claimed again) for the next reap.
      leases.release(expired);
      throw e;
    }
    leases.settle(expired);
    return reaped;
  }

  @Override
  public Message cancel(String tenantId, String messageId, Instant now) {
    return leases == null ? cancelNow(tenantId, messageId, now) : leases.exclusive(() -> cancelNow(tenantId, messageId, now));
  }

  private Message cancelNow(String tenantId, String messageId, Instant now) {
    return db.write(c -> {
      Message m = EmbeddedLeases.overlay(load(c, tenantId, messageId), leaseOf(messageId));
      if (!StatusTransitions.mayCancel(m.status())) {
        throw new ConflictException("message " + messageId + " is " + m.status().wireName() + " and can no longer be canceled");
      }
      if (!Transitions.move(c, m, MessageStatus.CANCELED, now, "canceled by caller", null, null)) {
        throw new ConflictException("message " + messageId + " changed status while being canceled; try again");
      }
      return load(c, tenantId, messageId);
    });
  }

  @Override
  public Message requeue(String tenantId, String messageId, Content edit, int maxAttempts, String retriedBy,
      Instant now) {
    return db.write(c -> {
      Message m = load(c, tenantId, messageId);
      if (!StatusTransitions.operatorMayRetry(m.status())) {
        throw new ConflictException("message " + messageId + " is " + m.status().wireName()
            + "; only failed or dead_lettered messages can be retried");
      }
      if (!Transitions.requeue(c, m, m.content().mergedWith(edit), maxAttempts, retriedBy, now)) {
        throw new ConflictException("message " + messageId + " changed status while being retried; try again");
      }
      return load(c, tenantId, messageId);
    });
  }

  @Override
  public StatusReportSink.Outcome applyReport(StatusReport report, Instant now) {
    StatusReportSink.Outcome outcome = reports.apply(report, now);
    if (leases != null && outcome.result() == StatusReportSink.Result.APPLIED && outcome.message() != null) {
      // A claim a restart held on the message was written with the report's move: the message is
      // no longer waiting for it, so it is not held any longer (an operator's retry goes on at once).
      leases.releaseHeld(outcome.message().id());
    }
    return outcome;
  }

  @Override
  public Optional<Instant> lastInboundAt(String tenantId, dev.herald.core.message.Channel channel, String from) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT MAX(created_at) FROM messages "
          + "WHERE tenant_id = ? AND channel = ? AND direction = 'inbound' AND sender = ?")) {
        ps.setString(1, tenantId);
        ps.setString(2, channel.wireName());
        ps.setString(3, from);
        try (ResultSet rs = ps.executeQuery()) {
          long at = rs.next() ? rs.getLong(1) : 0;
          return rs.wasNull() || at == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(at));
        }
      }
    });
  }

  @Override
  public Optional<Instant> nextDueAt() {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT MIN(due_at) FROM messages WHERE " + db.dialect.waiting());
          ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        long due = rs.getLong(1);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(due));
      }
    });
  }

  @Override
  public dev.herald.core.store.StoreHealth health() {
    return db.health.check();
  }

  @Override
  public Optional<String> tenantForApiKey(String keyHash) {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT tenant_id FROM api_keys WHERE key_hash = ?")) {
        ps.setString(1, keyHash);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public void addApiKey(String tenantId, String keyHash, String keyPrefix, ApiKeyOrigin origin, Instant now) {
    db.write(c -> insertApiKey(c, tenantId, keyHash, keyPrefix, origin, now, "DO NOTHING"));
  }

  @Override
  public List<String> replaceConfiguredApiKey(String tenantId, String keyHash, String keyPrefix, Instant now) {
    return db.write(c -> {
      // Only the configured tenant's own keys: another tenant's keys are never touched.
      List<String> revoked = Sql.query(c, "DELETE FROM api_keys WHERE tenant_id = ? AND origin IN ('configured', 'generated') "
          + "AND key_hash <> ? RETURNING key_prefix", rs -> rs.getString(1), tenantId, keyHash);
      // The configured key is the configured key whatever stored it before, and belongs to its tenant.
      insertApiKey(c, tenantId, keyHash, keyPrefix, ApiKeyOrigin.CONFIGURED, now,
          "DO UPDATE SET tenant_id = excluded.tenant_id, origin = excluded.origin");
      return revoked;
    });
  }

  /** Inserts the tenant when new, and the key with {@code onConflict} ({@code DO …}) for a stored one. */
  private static Void insertApiKey(java.sql.Connection c, String tenantId, String keyHash, String keyPrefix,
      ApiKeyOrigin origin, Instant now, String onConflict) throws java.sql.SQLException {
    Sql.update(c, "INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
        tenantId, tenantId, now.toEpochMilli());
    Sql.update(c, "INSERT INTO api_keys (key_hash, tenant_id, key_prefix, created_at, origin) VALUES (?, ?, ?, ?, ?) "
        + "ON CONFLICT (key_hash) " + onConflict, keyHash, tenantId, keyPrefix, now.toEpochMilli(),
        origin.name().toLowerCase(java.util.Locale.ROOT));
    return null;
  }

  @Override
  public long apiKeyCount() {
    return db.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM api_keys"); ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Override
  public SendJournal sendJournal() {
    return journal;
  }

  /**
   * The relay of live events between the nodes sharing this database (PostgreSQL), or empty where
   * one process owns the store (the embedded store). The caller starts and closes it.
   */
  public Optional<EventRelay> eventRelay() {
    return db.dialect.supportsNotify() ? Optional.of(new EventRelay(db)) : Optional.empty();
  }

  @Override
  public void onRemoteWork(Runnable callback) {
    if (db.dialect.supportsNotify()) {
      listener.start(callback);
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
      if (notifier != null) {
        notifier.close();
      }
      inserts.close();
      contactLookups.close();
      reports.close();
      journal.close();
      if (journalDb != null) {
        journalDb.close();
      }
      db.close();
    } finally {
      if (inFlightLog != null) {
        inFlightLog.close();
      }
    }
  }

  private Message load(Connection c, String tenantId, String id) throws SQLException {
    return one(c, "SELECT " + Rows.COLUMNS + " FROM messages WHERE id = ? AND tenant_id = ?", id, tenantId)
        .orElseThrow(() -> new NotFoundException("no message " + id));
  }

  static Optional<Message> one(Connection c, String sql, String... params) throws SQLException {
    return one(c, true, sql, params);
  }

  /** The message {@code sql} selects, from {@link Rows#COLUMNS} or, without timeline, {@link Rows#SEND_COLUMNS}. */
  static Optional<Message> one(Connection c, boolean withTimeline, String sql, String... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Rows.message(rs, withTimeline)) : Optional.empty();
      }
    }
  }
}
