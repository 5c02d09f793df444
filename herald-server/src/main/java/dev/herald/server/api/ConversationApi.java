package dev.herald.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.conversation.Conversation;
import dev.herald.core.conversation.ConversationService;
import dev.herald.core.conversation.ConversationStatus;
import dev.herald.core.error.ValidationException;
import dev.herald.core.store.Page;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /v1/conversations}: get-or-create a contact's open conversation, read, list by contact and
 * status, change status or close, the message thread across channels, the context (read, and merge
 * with JSON Merge Patch, RFC 7396) and participants. A closed conversation refuses changes with 409.
 */
final class ConversationApi {
  private final Engagement e;
  private final RequestBodies bodies;

  ConversationApi(Engagement e, RequestBodies bodies) {
    this.e = e;
    this.bodies = bodies;
  }

  private ConversationService conversations() {
    return e.conversations();
  }

  void mount(RoutesConfig r) {
    r.post("/v1/conversations", this::open);
    r.get("/v1/conversations", this::list);
    r.get("/v1/conversations/{id}", ctx -> send(ctx, conversations().get(HttpJson.tenant(ctx), ctx.pathParam("id"))));
    r.post("/v1/conversations/{id}/close", ctx -> send(ctx,
        conversations().setStatus(HttpJson.tenant(ctx), ctx.pathParam("id"), ConversationStatus.CLOSED)));
    r.post("/v1/conversations/{id}/status", this::status);
    r.get("/v1/conversations/{id}/messages", this::thread);
    r.get("/v1/conversations/{id}/context", ctx -> HttpJson.send(ctx, 200,
        conversations().get(HttpJson.tenant(ctx), ctx.pathParam("id")).context()));
    r.patch("/v1/conversations/{id}/context", ctx -> HttpJson.send(ctx, 200, conversations().mergeContext(
        HttpJson.tenant(ctx), ctx.pathParam("id"), bodies.object(ctx, "context")).context()));
    r.post("/v1/conversations/{id}/participants", ctx -> send(ctx, conversations().addParticipant(HttpJson.tenant(ctx),
        ctx.pathParam("id"), ContactJson.text(bodies.object(ctx), "participant", new ArrayList<>()))));
    r.delete("/v1/conversations/{id}/participants/{participant}", ctx -> send(ctx, conversations().removeParticipant(
        HttpJson.tenant(ctx), ctx.pathParam("id"), ctx.pathParam("participant"))));
  }

  private void open(Context ctx) {
    String tenant = HttpJson.tenant(ctx);
    JsonNode body = bodies.object(ctx);
    List<ValidationException.FieldError> errors = new ArrayList<>();
    String contactId = ContactJson.text(body, "contact_id", errors);
    JsonNode context = body.get("context");
    if (contactId == null && errors.isEmpty()) {
      errors.add(new ValidationException.FieldError("contact_id", "is required"));
    }
    if (context != null && !context.isObject()) {
      errors.add(new ValidationException.FieldError("context", "must be a JSON object"));
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    e.contacts().get(tenant, contactId);
    ConversationService.Opened opened = conversations().open(tenant, contactId, context);
    Conversation c = opened.conversation();
    ctx.header("Location", "/v1/conversations/" + c.id());
    HttpJson.send(ctx, opened.created() ? 201 : 200, json(c));
  }

  private void list(Context ctx) {
    ConversationStatus status = ctx.queryParam("status") == null ? null : ConversationStatus.parse(ctx.queryParam("status"), "status");
    Page<Conversation> page = conversations().list(HttpJson.tenant(ctx), ctx.queryParam("contact_id"), status,
        ctx.queryParam("cursor"), HttpJson.limit(ctx));
    ObjectNode out = MessageJson.JSON.createObjectNode();
    ArrayNode data = out.putArray("data");
    page.items().forEach(c -> data.add(json(c)));
    out.put("next_cursor", page.nextCursor());
    HttpJson.send(ctx, 200, out);
  }

  private void status(Context ctx) {
    JsonNode body = bodies.object(ctx);
    List<ValidationException.FieldError> errors = new ArrayList<>();
    String status = ContactJson.text(body, "status", errors);
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    send(ctx, conversations().setStatus(HttpJson.tenant(ctx), ctx.pathParam("id"), ConversationStatus.parse(status, "status")));
  }

  private void thread(Context ctx) {
    ObjectNode out = MessageJson.JSON.createObjectNode();
    ArrayNode data = out.putArray("data");
    conversations().thread(HttpJson.tenant(ctx), ctx.pathParam("id")).forEach(m -> data.add(MessageJson.summary(m)));
    HttpJson.send(ctx, 200, out);
  }

  private static void send(Context ctx, Conversation c) {
    HttpJson.send(ctx, 200, json(c));
  }

  static ObjectNode json(Conversation c) {
    ObjectNode o = MessageJson.JSON.createObjectNode();
    o.put("id", c.id());
    o.put("contact_id", c.contactId());
    o.put("status", c.status().wireName());
    o.set("context", c.context());
    ArrayNode participants = o.putArray("participants");
    c.participants().forEach(participants::add);
    o.put("expires_at", MessageJson.time(c.expiresAt()));
    o.put("created_at", MessageJson.time(c.createdAt()));
    o.put("updated_at", MessageJson.time(c.updatedAt()));
    o.put("closed_at", MessageJson.time(c.closedAt()));
    String self = "/v1/conversations/" + c.id();
    o.putObject("links").put("self", self).put("messages", self + "/messages").put("context", self + "/context");
    return o;
  }
}
