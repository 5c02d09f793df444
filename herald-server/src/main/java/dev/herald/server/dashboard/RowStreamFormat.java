package dev.herald.server.dashboard;

import dev.herald.core.message.Message;
import dev.herald.core.store.MessageStore;
import dev.herald.server.events.EventLog;
import dev.herald.server.events.EventStream;
import dev.herald.server.events.StreamEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Messages page's live frames: one {@code rows} event per batch, holding htmx out-of-band swaps
 * inside {@code <template>} (so table rows parse): a message that newly matches the page's filter
 * is inserted at the top, one still matching is replaced, one that no longer matches is removed.
 * However many events a batch holds, each message is read and rendered once, in its latest state.
 */
final class RowStreamFormat implements EventStream.Format {
  /** At most this many messages are re-read per batch; the rest of a burst shows on reload. */
  private static final int MAX_ROWS = 100;
  private final Views views;
  private final MessageStore store;
  private final String tenant;
  private final MessagePages.Filter filter;
  /** Messages this stream inserted, so that a later change replaces rather than inserts again. */
  private final Set<String> inserted = new LinkedHashSet<>();

  RowStreamFormat(Views views, MessageStore store, String tenant, MessagePages.Filter filter) {
    this.views = views;
    this.store = store;
    this.tenant = tenant;
    this.filter = filter;
  }

  @Override
  public String events(List<StreamEvent> batch, EventLog log) {
    Map<String, Boolean> enters = new LinkedHashMap<>();
    for (StreamEvent e : batch) {
      if (e.type().startsWith("message.")) {
        // A message accepted, or moved into the page's status, may not be on the page yet.
        boolean entering = e.type().equals("message.accepted")
            || filter.status() != null && e.data().contains("\"to\":\"" + filter.status().wireName() + "\"");
        enters.merge(e.messageId(), entering, Boolean::logicalOr);
      }
    }
    StringBuilder html = new StringBuilder();
    int n = 0;
    for (Map.Entry<String, Boolean> en : enters.entrySet()) {
      if (n++ >= MAX_ROWS) {
        break;
      }
      Message m = store.find(tenant, en.getKey()).orElse(null);
      if (m == null) {
        continue;
      }
      html.append(row(m, en.getValue()));
    }
    String last = log.id(batch.get(batch.size() - 1).seq());
    return html.isEmpty() ? "" : EventStream.frame("rows", last, html.toString());
  }

  private String row(Message m, boolean entering) {
    Map<String, Object> model = new HashMap<>();
    model.put("m", MessageView.of(m));
    if (!filter.matches(m)) {
      inserted.remove(m.id());
      return "<template><tr id=\"m-" + m.id() + "\" hx-swap-oob=\"delete\"></tr></template>";
    }
    if (entering && inserted.add(m.id())) {
      if (inserted.size() > 10_000) {
        inserted.remove(inserted.iterator().next());
      }
      return "<template><tbody hx-swap-oob=\"afterbegin:#rows\">" + views.render("row.peb", model) + "</tbody></template>";
    }
    model.put("oob", "true");
    return "<template>" + views.render("row.peb", model) + "</template>";
  }

  @Override
  public String gap(String resumeId) {
    return EventStream.frame("gap", resumeId, "reload");
  }

  @Override
  public boolean countsQueue() {
    return false;
  }

  @Override
  public String stats(List<MessageStore.StatusCount> counts, Instant at, String id) {
    return ": " + at + "\n\n";
  }
}
