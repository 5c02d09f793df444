package dev.herald.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.consent.ConsentRecord;
import dev.herald.core.consent.ConsentSource;
import dev.herald.core.consent.ConsentState;
import dev.herald.core.contact.Contact;
import dev.herald.core.conversation.JsonMergePatch;
import dev.herald.core.error.ValidationException;
import dev.herald.core.message.Channel;
import dev.herald.core.store.Page;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/contacts}: create, read, change (JSON Merge Patch, RFC 7396, over the contact's
 * writable fields), delete, list or find by address; and the contact's consent: current state per
 * channel with the ledger, and changes made through the API (recorded with source {@code api}).
 */
final class ContactApi {
  private final Engagement e;
  private final RequestBodies bodies;

  ContactApi(Engagement e, RequestBodies bodies) {
    this.e = e;
    this.bodies = bodies;
  }

  void mount(RoutesConfig r) {
    r.post("/v1/contacts", this::create);
    r.get("/v1/contacts", this::list);
    r.get("/v1/contacts/{id}", ctx -> HttpJson.send(ctx, 200, ContactJson.contact(e.contacts().get(HttpJson.tenant(ctx), ctx.pathParam("id")))));
    r.patch("/v1/contacts/{id}", this::update);
    r.delete("/v1/contacts/{id}", ctx -> {
      e.contacts().delete(HttpJson.tenant(ctx), ctx.pathParam("id"));
      ctx.status(204);
    });
    r.get("/v1/contacts/{id}/consent", this::consent);
    r.post("/v1/contacts/{id}/consent", this::changeConsent);
  }

  private void create(Context ctx) {
    Contact c = e.contacts().create(HttpJson.tenant(ctx), ContactJson.request(bodies.object(ctx), bodies.objects()));
    ctx.header("Location", "/v1/contacts/" + c.id());
    HttpJson.send(ctx, 201, ContactJson.contact(c));
  }

  private void update(Context ctx) {
    String tenant = HttpJson.tenant(ctx);
    Contact current = e.contacts().get(tenant, ctx.pathParam("id"));
    JsonNode patch = bodies.object(ctx);
    JsonNode merged = JsonMergePatch.apply(ContactJson.writable(current, MessageJson.JSON.createObjectNode()), patch);
    HttpJson.send(ctx, 200, ContactJson.contact(e.contacts().update(tenant, current.id(),
        ContactJson.request(merged, bodies.objects()))));
  }

  private void list(Context ctx) {
    String tenant = HttpJson.tenant(ctx);
    ObjectNode out = MessageJson.JSON.createObjectNode();
    ArrayNode data = out.putArray("data");
    if (ctx.queryParam("address") != null) {
      try {
        data.add(ContactJson.contact(e.contacts().lookup(tenant, ctx.queryParam("address"))));
      } catch (dev.herald.core.error.NotFoundException none) {
        // an address nobody has is an empty result, not an error
      }
      out.putNull("next_cursor");
    } else {
      Page<Contact> page = e.contacts().list(tenant, ctx.queryParam("cursor"), HttpJson.limit(ctx));
      page.items().forEach(c -> data.add(ContactJson.contact(c)));
      out.put("next_cursor", page.nextCursor());
    }
    HttpJson.send(ctx, 200, out);
  }

  private void consent(Context ctx) {
    String tenant = HttpJson.tenant(ctx);
    Contact c = e.contacts().get(tenant, ctx.pathParam("id"));
    Map<Channel, ConsentRecord> current = new EnumMap<>(Channel.class);
    for (Channel ch : Channel.values()) {
      c.addressFor(ch).flatMap(a -> e.consent().current(tenant, ch, a)).ifPresent(r -> current.put(ch, r));
    }
    HttpJson.send(ctx, 200, ContactJson.consentView(c, current, e.consent().history(tenant, c.id())));
  }

  private void changeConsent(Context ctx) {
    String tenant = HttpJson.tenant(ctx);
    Contact c = e.contacts().get(tenant, ctx.pathParam("id"));
    JsonNode body = bodies.object(ctx);
    List<ValidationException.FieldError> errors = new ArrayList<>();
    String channelText = ContactJson.text(body, "channel", errors);
    String stateText = ContactJson.text(body, "state", errors);
    String detail = ContactJson.text(body, "detail", errors);
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    Channel channel = Channel.parse(channelText, "channel");
    ConsentState state = ConsentState.parse(stateText, "state");
    String address = c.addressFor(channel).orElseThrow(() -> new ValidationException("channel",
        "contact " + c.id() + " has no address for channel " + channel.wireName()));
    ConsentRecord r = e.consent().record(tenant, c.id(), channel, address, state, ConsentSource.API, null, detail);
    HttpJson.send(ctx, 201, ContactJson.consent(r));
  }
}
