package dev.herald.server.dashboard;

import dev.herald.core.error.HeraldException;
import dev.herald.core.error.ValidationException;
import dev.herald.core.message.Channel;
import dev.herald.core.message.Content;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageService;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.store.MessageQuery;
import dev.herald.core.store.MessageStore;
import dev.herald.core.store.Page;
import dev.herald.server.events.EventStream;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Messages page (tabs by status, filters by channel and recipient, keyset pages, rows that
 * appear and change live), its live stream, and a message's detail page with cancel and retry.
 */
final class MessagePages {
  static final int PAGE = 50;
  private final Dashboard dashboard;
  private final Views views;
  private final MessageService service;
  private final MessageStore store;
  private final EventStream events;

  MessagePages(Dashboard dashboard, Views views, MessageService service, MessageStore store, EventStream events) {
    this.dashboard = dashboard;
    this.views = views;
    this.service = service;
    this.store = store;
    this.events = events;
  }

  void mount(RoutesConfig r) {
    r.get("/dashboard/messages", this::list);
    r.get("/dashboard/messages/stream", this::stream);
    r.get("/dashboard/messages/{id}", this::detail);
    r.post("/dashboard/messages/{id}/cancel", this::cancel);
    r.post("/dashboard/messages/{id}/retry", this::retry);
  }

  /** A listing's filters, as read from the query string; bad values are named in {@code error}. */
  record Filter(MessageStatus status, Channel channel, String to, String error) {
    static Filter of(Context ctx) {
      List<String> errors = new ArrayList<>();
      MessageStatus status = null;
      String s = blankToNull(ctx.queryParam("status"));
      if (s != null && (status = MessageStatus.fromWire(s)) == null) {
        errors.add("'" + s + "' is not a message status");
      }
      Channel channel = null;
      String c = blankToNull(ctx.queryParam("channel"));
      if (c != null) {
        try {
          channel = Channel.parse(c, "channel");
        } catch (ValidationException e) {
          errors.add("'" + c + "' is not a channel");
        }
      }
      return new Filter(status, channel, blankToNull(ctx.queryParam("to")), errors.isEmpty() ? null : String.join("; ", errors));
    }

    boolean matches(Message m) {
      return (status == null || m.status() == status) && (channel == null || m.channel() == channel)
          && (to == null || to.equals(m.to()));
    }

    /** The query string for this filter, with {@code status} replaced. */
    String query(MessageStatus withStatus) {
      StringBuilder q = new StringBuilder();
      if (withStatus != null) {
        q.append("&status=").append(withStatus.wireName());
      }
      if (channel != null) {
        q.append("&channel=").append(channel.wireName());
      }
      if (to != null) {
        q.append("&to=").append(URLEncoder.encode(to, StandardCharsets.UTF_8));
      }
      return q.isEmpty() ? "" : "?" + q.substring(1);
    }
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private void list(Context ctx) {
    Sessions.Session s = dashboard.require(ctx);
    Filter f = Filter.of(ctx);
    Map<String, Object> model = new HashMap<>();
    model.put("section", "messages");
    List<MessageView> rows = List.of();
    String next = null;
    if (f.error() != null) {
      model.put("error", f.error());
    } else {
      try {
        Page<Message> page = service.list(s.tenant(), new MessageQuery(f.status(), f.channel(), f.to(), null, null,
            blankToNull(ctx.queryParam("cursor")), PAGE));
        rows = page.items().stream().map(MessageView::of).toList();
        if (page.nextCursor() != null) {
          String q = f.query(f.status());
          next = "/dashboard/messages" + q + (q.isEmpty() ? "?" : "&") + "cursor=" + page.nextCursor();
        }
      } catch (ValidationException e) {
        model.put("error", e.getMessage());
      }
    }
    model.put("messages", rows);
    model.put("next", next);
    model.put("status", f.status() == null ? null : f.status().wireName());
    model.put("channel", f.channel() == null ? "" : f.channel().wireName());
    model.put("to", f.to() == null ? "" : f.to());
    model.put("channels", Arrays.stream(Channel.values()).map(Channel::wireName).toList());
    model.put("tabs", tabs(f));
    model.put("stream", "/dashboard/messages/stream" + f.query(f.status()));
    views.page(ctx, f.error() == null ? 200 : 400, "messages.peb", s, model);
  }

  /** One status tab. */
  public record Tab(String label, String href, boolean current) {}

  private static List<Tab> tabs(Filter f) {
    List<Tab> tabs = new ArrayList<>();
    tabs.add(new Tab("all", "/dashboard/messages" + f.query(null), f.status() == null));
    for (MessageStatus st : MessageStatus.values()) {
      tabs.add(new Tab(st.wireName().replace('_', ' '), "/dashboard/messages" + f.query(st), st == f.status()));
    }
    return tabs;
  }

  private void stream(Context ctx) {
    Sessions.Session s = dashboard.require(ctx);
    Filter f = Filter.of(ctx);
    events.serve(ctx, s.tenant(), ctx.header("Last-Event-ID"), new RowStreamFormat(views, store, s.tenant(), f));
  }

  private void detail(Context ctx) {
    Sessions.Session s = dashboard.require(ctx);
    Message m;
    try {
      m = service.get(s.tenant(), ctx.pathParam("id"));
    } catch (HeraldException e) {
      views.page(ctx, 404, "problem.peb", s, Map.of("error", e.getMessage(), "heading", "No such message",
          "back", "/dashboard/messages"));
      return;
    }
    Map<String, Object> model = new HashMap<>();
    model.put("section", "messages");
    model.put("m", MessageView.of(m));
    model.put("timeline", m.timeline().stream().map(c -> Map.of("at", MessageView.time(c.at()),
        "from", c.from() == null ? "" : c.from().wireName(), "to", c.to().wireName(),
        "reason", c.reason() == null ? "" : c.reason())).toList());
    model.put("attempts", store.attempts(m.id()).stream().map(a -> Map.of("number", a.attempt(), "provider", a.provider(),
        "startedAt", MessageView.time(a.startedAt()), "outcome", a.outcome(),
        "error", a.errorCode() == null ? (a.reason() == null ? "" : a.reason()) : a.errorCode() + " " + a.reason())).toList());
    model.put("events", store.events(m.id()).stream().map(e -> Map.of("receivedAt", MessageView.time(e.receivedAt()),
        "provider", e.provider(), "eventType", String.valueOf(e.eventType()),
        "status", e.status() == null ? "" : e.status().wireName(), "outcome", String.valueOf(e.outcome()))).toList());
    String notice = ctx.queryParam("notice");
    if ("retried".equals(notice)) {
      model.put("notice", "Retried: the message is queued again with a fresh retry budget.");
    } else if ("sent".equals(notice)) {
      model.put("notice", "Accepted: Herald will deliver it and this page shows how it goes.");
    } else if ("canceled".equals(notice)) {
      model.put("notice", "Canceled.");
    }
    views.page(ctx, 200, "message.peb", s, model);
  }

  private void cancel(Context ctx) {
    Sessions.Session s = dashboard.requireForChange(ctx);
    act(ctx, s, () -> service.cancel(s.tenant(), ctx.pathParam("id")), "canceled");
  }

  private void retry(Context ctx) {
    Sessions.Session s = dashboard.requireForChange(ctx);
    String body = ctx.formParam("body");
    Content edit = body == null ? null : new Content(body, null, null);
    act(ctx, s, () -> service.retry(s.tenant(), ctx.pathParam("id"), edit, s.operator()), "retried");
  }

  /** Runs an action; on success shows the message again, else the reason on a page of its own. */
  private void act(Context ctx, Sessions.Session s, Runnable action, String notice) {
    String id = ctx.pathParam("id");
    try {
      action.run();
    } catch (HeraldException e) {
      views.page(ctx, e instanceof ValidationException ? 422 : 409, "problem.peb", s, Map.of("error", e.getMessage(),
          "heading", "Not done", "back", "/dashboard/messages/" + URLEncoder.encode(id, StandardCharsets.UTF_8)));
      return;
    }
    ctx.redirect("/dashboard/messages/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "?notice=" + notice,
        HttpStatus.SEE_OTHER);
  }
}
