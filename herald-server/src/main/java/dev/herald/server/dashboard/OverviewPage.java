package dev.herald.server.dashboard;

import dev.herald.core.message.Channel;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageService;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.store.MessageQuery;
import dev.herald.core.store.MessageStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Overview: what needs an operator first (failed and dead-lettered messages: how many in the last
 * 24 hours, the newest with their reasons and a one-click retry), then each channel's messages of
 * the last 24 hours by status, and the queue's depth.
 */
final class OverviewPage {
  private static final int NEWEST = 10;
  private final Dashboard dashboard;
  private final Views views;
  private final MessageService service;
  private final MessageStore store;
  private final Clock clock;

  OverviewPage(Dashboard dashboard, Views views, MessageService service, MessageStore store, Clock clock) {
    this.dashboard = dashboard;
    this.views = views;
    this.service = service;
    this.store = store;
    this.clock = clock;
  }

  void mount(RoutesConfig r) {
    r.get("/dashboard/overview", this::overview);
  }

  /** One channel's row of the 24-hour table. */
  public record ChannelCounts(String channel, long total, long delivered, long failed, long waiting) {}

  private void overview(Context ctx) {
    Sessions.Session s = dashboard.require(ctx);
    Instant since = clock.instant().minus(Duration.ofHours(24));
    List<MessageStore.StatusCount> recent = store.countByStatus(s.tenant(), since);
    long failedCount = recent.stream().filter(c -> needsOperator(c.status())).mapToLong(MessageStore.StatusCount::count).sum();
    List<MessageView> failed = new ArrayList<>();
    for (MessageStatus st : List.of(MessageStatus.DEAD_LETTERED, MessageStatus.FAILED)) {
      service.list(s.tenant(), new MessageQuery(st, null, null, null, null, null, NEWEST)).items().stream()
          .map(MessageView::of).forEach(failed::add);
    }
    failed.sort((a, b) -> b.id().compareTo(a.id()));
    Map<Channel, long[]> byChannel = new EnumMap<>(Channel.class);
    for (MessageStore.StatusCount c : recent) {
      long[] n = byChannel.computeIfAbsent(c.channel(), k -> new long[4]);
      n[0] += c.count();
      if (c.status() == MessageStatus.DELIVERED || c.status() == MessageStatus.READ) {
        n[1] += c.count();
      } else if (needsOperator(c.status()) || c.status() == MessageStatus.UNDELIVERED) {
        n[2] += c.count();
      } else if (!c.status().isTerminal()) {
        n[3] += c.count();
      }
    }
    long queued = 0;
    long scheduled = 0;
    for (MessageStore.StatusCount c : store.countByStatus(s.tenant(), Instant.EPOCH)) {
      if (c.status() == MessageStatus.SCHEDULED) {
        scheduled += c.count();
      } else if (c.status() == MessageStatus.QUEUED || c.status() == MessageStatus.SENDING) {
        queued += c.count();
      }
    }
    Map<String, Object> model = new HashMap<>();
    model.put("section", "overview");
    model.put("failedCount", failedCount);
    model.put("failed", failed.subList(0, Math.min(NEWEST, failed.size())));
    model.put("channels", byChannel.entrySet().stream().map(e -> new ChannelCounts(e.getKey().wireName(),
        e.getValue()[0], e.getValue()[1], e.getValue()[2], e.getValue()[3])).toList());
    model.put("queued", queued);
    model.put("scheduled", scheduled);
    views.page(ctx, 200, "overview.peb", s, model);
  }

  private static boolean needsOperator(MessageStatus s) {
    return s == MessageStatus.FAILED || s == MessageStatus.DEAD_LETTERED;
  }
}
