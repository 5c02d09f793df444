package dev.herald.store.jdbc;

import dev.herald.core.message.Message;
import dev.herald.core.message.MessageStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's leases, kept in the message rows ({@code lease_owner}, {@code lease_until}) so
 * that every node sharing the database sees them and can take over those of a dead node.
 *
 * <p>A claim leaves the stored status waiting ({@link Rows#WAITING}) and sets the lease, the next
 * attempt number and the claim's timeline entries: it changes no indexed column, so PostgreSQL
 * writes it as a heap-only (HOT) update, with no new entry in any of the table's indexes and only
 * the row's changed tail in the WAL (S1: 20.8 µs and 472 B per claimed message, against 47 µs and
 * 1,128 B when the claim set {@code status = 'sending'}). Readers see such a row {@code sending}
 * ({@link Rows#message}, {@link Rows#STATUS_AS_READ}). The price: the claim index still holds the
 * rows in flight, so a claim steps over them (they are the oldest due) before finding one it may
 * take. The claim index's predicate names the column {@code waiting}, derived from the status
 * ({@link Dialect#waiting}), so a delivery report's status change is heap-only too.
 */
final class RowLeases {
  /**
   * How long a lease must have run out before a claim takes it over: an allowance for the clocks of
   * different nodes, and a head start for the provider's reports of sends the dead node made (as
   * the reaper's 5 s schedule gave them before). A node cuts its own sends off at ¾ of the lease.
   */
  static final Duration TAKEOVER_AFTER = Duration.ofSeconds(5);

  /**
   * The due waiting rows without a live lease, highest priority first then oldest due, skipping
   * rows other transactions hold, each given a lease and its next attempt. A lease that ran out
   * (its node died) is taken over, its expiry written on the timeline first. Parameters: owner,
   * lease until, now, the expiry's, the scheduled→queued and the queued→sending timeline entries,
   * now (due), the latest end of a lease to take over, limit.
   */
  private static final String CLAIM = "UPDATE messages SET attempts = attempts + 1, lease_owner = ?, lease_until = ?, "
      + "updated_at = ?, timeline = timeline || CASE WHEN lease_owner IS NOT NULL THEN ? ELSE '' END "
      + "|| CASE WHEN status = 'scheduled' AND lease_owner IS NULL THEN ? ELSE '' END || ? "
      + "WHERE id IN (SELECT id FROM messages WHERE waiting AND due_at <= ? "
      + "AND (lease_until IS NULL OR lease_until < ?) ORDER BY priority DESC, due_at LIMIT ? FOR UPDATE SKIP LOCKED) "
      + "RETURNING " + Rows.SEND_COLUMNS;

  private RowLeases() {}

  /**
   * Claims up to {@code limit} due messages for {@code node} in one statement, leased until
   * {@code leaseUntil}, taking over leases that ran out {@link #TAKEOVER_AFTER} before {@code now};
   * returned {@code sending}, attempt counted, without their timeline.
   */
  static List<Message> claim(Database db, String node, Instant now, Instant leaseUntil, int limit) {
    return db.write(c -> {
      try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
        ps.setString(1, node);
        ps.setLong(2, leaseUntil.toEpochMilli());
        ps.setLong(3, now.toEpochMilli());
        ps.setString(4, Timeline.entry(now, MessageStatus.SENDING, MessageStatus.QUEUED, Timeline.LEASE_EXPIRED));
        ps.setString(5, Timeline.entry(now, MessageStatus.SCHEDULED, MessageStatus.QUEUED, "send_at reached"));
        ps.setString(6, Timeline.entry(now, MessageStatus.QUEUED, MessageStatus.SENDING, Timeline.claimedBy(node)));
        ps.setLong(7, now.toEpochMilli());
        ps.setLong(8, now.minus(TAKEOVER_AFTER).toEpochMilli());
        ps.setInt(9, limit);
        List<Message> out = new ArrayList<>(limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(Rows.message(rs, false));
          }
        }
        return out;
      }
    });
  }
}
