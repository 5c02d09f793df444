package dev.herald.server.events;

import dev.herald.core.message.MessageStatus;
import dev.herald.core.store.MessageStore;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Serves a tenant's events from an {@link EventLog} as Server-Sent Events on a request's own
 * (virtual) thread until the client goes away or the log closes. Events are written in batches: after
 * each write the stream pauses {@link #COALESCE}, so at high rates one write (and one wake-up of the
 * client) carries many events. Every {@link #STATS_EVERY} it also sends the tenant's queue counts,
 * which doubles as the keep-alive that finds a closed connection.
 */
public final class EventStream {
  /** Pause after a write, gathering the next events into one batch. */
  public static final Duration COALESCE = Duration.ofMillis(150);
  /** Interval of {@code queue.stats}. */
  public static final Duration STATS_EVERY = Duration.ofSeconds(5);
  /** How long one count of a tenant's queue serves its streams. */
  static final Duration STATS_FRESH = Duration.ofSeconds(2);
  private static final int BATCH = 500;

  private record Counted(Instant at, List<MessageStore.StatusCount> counts) {}

  private final java.util.Map<String, Counted> counts = new java.util.concurrent.ConcurrentHashMap<>();

  private final EventLog log;
  private final MessageStore store;
  private final Clock clock;

  /** How a stream writes its frames: the API writes JSON events, the dashboard HTML fragments. */
  public interface Format {
    /** The frames for a batch of events, each with its {@code id:} line. */
    String events(List<StreamEvent> batch, EventLog log);

    /** The frame telling the client that events after its last id are no longer held. */
    String gap(String resumeId);

    /**
     * The frame with the tenant's queue counts ({@code queued}, {@code scheduled}, {@code sending}),
     * taken when every event up to {@code id} was sent.
     */
    String stats(List<MessageStore.StatusCount> counts, Instant at, String id);

    /** Whether {@link #stats} needs the counts (else it is given none, and only keeps the connection alive). */
    default boolean countsQueue() {
      return true;
    }
  }

  public EventStream(EventLog log, MessageStore store, Clock clock) {
    this.log = log;
    this.store = store;
    this.clock = clock;
  }

  /** The log this stream reads. */
  public EventLog log() {
    return log;
  }

  /**
   * Streams the tenant's events after {@code lastEventId} (the {@code Last-Event-ID} header, or
   * {@code null} for a new client, which starts from now).
   */
  public void serve(Context ctx, String tenant, String lastEventId, Format format) {
    ctx.status(200);
    ctx.res().setContentType("text/event-stream;charset=utf-8");
    ctx.res().setHeader("Cache-Control", "no-store");
    ctx.res().setHeader("X-Accel-Buffering", "no");
    long after;
    String first = "retry: 2000\n\n";
    if (lastEventId == null || lastEventId.isBlank()) {
      after = log.head();
    } else {
      after = log.place(lastEventId.trim());
      if (after < 0) {
        after = log.head();
        first += format.gap(log.id(after));
      }
    }
    try {
      OutputStream out = ctx.res().getOutputStream();
      write(out, first);
      run(out, tenant, after, format);
    } catch (IOException e) {
      // The client went away: nothing to do but stop.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run(OutputStream out, String tenant, long after, Format format) throws IOException, InterruptedException {
    Instant nextStats = Instant.EPOCH;
    while (!log.closed()) {
      Instant now = clock.instant();
      if (!now.isBefore(nextStats)) {
        nextStats = now.plus(STATS_EVERY);
        List<MessageStore.StatusCount> counts;
        try {
          counts = format.countsQueue() ? queueCounts(tenant, now) : List.of();
        } catch (RuntimeException e) {
          // The database is out of reach: the events go on, the counts wait for the next round.
          counts = null;
        }
        if (counts != null) {
          write(out, format.stats(counts, now, log.id(after)));
        }
      }
      EventLog.Read read = log.read(after, tenant, BATCH);
      StringBuilder frames = new StringBuilder();
      if (read.gap()) {
        frames.append(format.gap(log.id(read.last())));
      }
      if (!read.events().isEmpty()) {
        frames.append(format.events(read.events(), log));
      }
      after = read.last();
      if (!frames.isEmpty()) {
        write(out, frames.toString());
        Thread.sleep(COALESCE.toMillis());
      } else {
        log.awaitAfter(after, STATS_EVERY);
      }
    }
  }

  /**
   * The tenant's queued, scheduled and in-flight counts, counted at most once per
   * {@link #STATS_FRESH} however many of the tenant's streams ask (counting reads every message of
   * the tenant).
   */
  private List<MessageStore.StatusCount> queueCounts(String tenant, Instant now) {
    return counts.compute(tenant, (t, held) -> held != null && held.at().plus(STATS_FRESH).isAfter(now) ? held
        : new Counted(now, store.countByStatus(t, Instant.EPOCH).stream().filter(c -> queued(c.status())).toList()))
        .counts();
  }

  private static void write(OutputStream out, String frames) throws IOException {
    out.write(frames.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Writes one SSE frame: {@code event}, {@code id} when given, and {@code data} (one line per line). */
  public static String frame(String event, String id, String data) {
    StringBuilder b = new StringBuilder();
    if (id != null) {
      b.append("id: ").append(id).append('\n');
    }
    b.append("event: ").append(event).append('\n');
    for (String line : data.split("\n", -1)) {
      b.append("data: ").append(line).append('\n');
    }
    return b.append('\n').toString();
  }

  static boolean queued(MessageStatus s) {
    return s == MessageStatus.QUEUED || s == MessageStatus.SCHEDULED || s == MessageStatus.SENDING;
  }
}
