package dev.herald.server.dashboard;

import dev.herald.core.contact.Contact;
import dev.herald.core.contact.ContactService;
import dev.herald.core.conversation.Conversation;
import dev.herald.core.conversation.ConversationService;
import dev.herald.core.conversation.ConversationStatus;
import dev.herald.core.error.HeraldException;
import dev.herald.core.store.Page;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;

/** Read-only Contacts and Conversations pages, and a conversation's page with its thread. */
final class PeoplePages {
  private final Dashboard dashboard;
  private final Views views;
  private final ContactService contacts;
  private final ConversationService conversations;

  PeoplePages(Dashboard dashboard, Views views, ContactService contacts, ConversationService conversations) {
    this.dashboard = dashboard;
    this.views = views;
    this.contacts = contacts;
    this.conversations = conversations;
  }

  void mount(RoutesConfig r) {
    r.get("/dashboard/contacts", this::contacts);
    r.get("/dashboard/conversations", this::conversations);
    r.get("/dashboard/conversations/{id}", this::conversation);
  }

  /** A contact as listed. */
  public record ContactView(String id, String name, String phone, String email, String whatsapp, String lastActive,
      String messagesHref) {}

  /** A conversation as listed. */
  public record ConversationView(String id, String contactId, String status, String updated, String expires) {}

  private void contacts(Context ctx) {
    Sessions.Session s = dashboard.require(ctx);
    Page<Contact> page = contacts.list(s.tenant(), MessagePages.blankToNull(ctx.queryParam("cursor")), MessagePages.PAGE);
    Map<String, Object> model = new HashMap<>();
    model.put("section", "contacts");
    model.put("contacts", page.items().stream().map(c -> new ContactView(c.id(), nz(c.name()), nz(c.phone()),
        nz(c.email()), nz(c.whatsapp()), c.lastActiveChannel() == null ? "" : c.lastActiveChannel().wireName() + " "
            + MessageView.time(c.lastActiveAt()), c.phone() != null || c.email() != null
            ? "/dashboard/messages?to=" + java.net.URLEncoder.encode(c.phone() != null ? c.phone() : c.email(),
                java.nio.charset.StandardCharsets.UTF_8) : null)).toList());
    model.put("next", page.nextCursor() == null ? null : "/dashboard/contacts?cursor=" + page.nextCursor());
    views.page(ctx, 200, "contacts.peb", s, model);
  }

  private void conversations(Context ctx) {
    Sessions.Session s = dashboard.require(ctx);
    Map<String, Object> model = new HashMap<>();
    model.put("section", "conversations");
    String contactId = MessagePages.blankToNull(ctx.queryParam("contact_id"));
    try {
      ConversationStatus status = ctx.queryParam("status") == null || ctx.queryParam("status").isBlank() ? null
          : ConversationStatus.parse(ctx.queryParam("status"), "status");
      Page<Conversation> page = conversations.list(s.tenant(), contactId, status,
          MessagePages.blankToNull(ctx.queryParam("cursor")), MessagePages.PAGE);
      model.put("conversations", page.items().stream().map(PeoplePages::view).toList());
      model.put("next", page.nextCursor() == null ? null : "/dashboard/conversations?cursor=" + page.nextCursor()
          + (contactId == null ? "" : "&contact_id=" + contactId) + (status == null ? "" : "&status=" + status.wireName()));
      views.page(ctx, 200, "conversations.peb", s, model);
    } catch (HeraldException e) {
      model.put("error", e.getMessage());
      model.put("conversations", java.util.List.of());
      views.page(ctx, 400, "conversations.peb", s, model);
    }
  }

  private void conversation(Context ctx) {
    Sessions.Session s = dashboard.require(ctx);
    Conversation c;
    try {
      c = conversations.get(s.tenant(), ctx.pathParam("id"));
    } catch (HeraldException e) {
      views.page(ctx, 404, "problem.peb", s, Map.of("error", e.getMessage(), "heading", "No such conversation",
          "back", "/dashboard/conversations"));
      return;
    }
    Map<String, Object> model = new HashMap<>();
    model.put("section", "conversations");
    model.put("c", view(c));
    model.put("context", c.context() == null ? "{}" : c.context().toPrettyString());
    model.put("participants", String.join(", ", c.participants()));
    model.put("messages", conversations.thread(s.tenant(), c.id()).stream().map(MessageView::of).toList());
    views.page(ctx, 200, "conversation.peb", s, model);
  }

  private static ConversationView view(Conversation c) {
    return new ConversationView(c.id(), nz(c.contactId()), c.status().wireName(), MessageView.time(c.updatedAt()),
        MessageView.time(c.expiresAt()));
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
