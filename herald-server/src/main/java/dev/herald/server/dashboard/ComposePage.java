package dev.herald.server.dashboard;

import dev.herald.core.error.HeraldException;
import dev.herald.core.error.ValidationException;
import dev.herald.core.message.Channel;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageRequest;
import dev.herald.core.message.MessageService;
import dev.herald.core.template.SmsEncoding;
import dev.herald.core.template.SmsParts;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compose: an SMS, email or WhatsApp message to an address or a contact, now or at a set time,
 * validated by the same {@link MessageService} as the API; the SMS segment counter is computed on
 * the server by {@link SmsEncoding}, the rule the engine bills by.
 */
final class ComposePage {
  static final List<String> CHANNELS = List.of(Channel.SMS.wireName(), Channel.EMAIL.wireName(), Channel.WHATSAPP.wireName());
  private static final List<String> FIELDS = List.of("channel", "to", "contact_id", "subject", "body", "send_at");
  private final Dashboard dashboard;
  private final Views views;
  private final MessageService service;

  ComposePage(Dashboard dashboard, Views views, MessageService service) {
    this.dashboard = dashboard;
    this.views = views;
    this.service = service;
  }

  void mount(RoutesConfig r) {
    r.get("/dashboard/compose", ctx -> form(ctx, dashboard.require(ctx), 200, Map.of("channel", "sms"), List.of()));
    r.post("/dashboard/compose", this::send);
    r.post("/dashboard/compose/segments", this::segments);
  }

  private void form(Context ctx, Sessions.Session s, int status, Map<String, String> form,
      List<ValidationException.FieldError> errors) {
    Map<String, String> values = new HashMap<>();
    FIELDS.forEach(f -> values.put(f, form.getOrDefault(f, "")));
    views.page(ctx, status, "compose.peb", s, Map.of("section", "compose", "channels", CHANNELS, "form", values,
        "errors", errors, "parts", parts(values.get("body"))));
  }

  private void send(Context ctx) {
    Sessions.Session s = dashboard.requireForChange(ctx);
    Map<String, String> form = new HashMap<>();
    FIELDS.forEach(f -> form.put(f, ctx.formParam(f) == null ? "" : ctx.formParam(f)));
    try {
      if (!CHANNELS.contains(form.get("channel"))) {
        throw new ValidationException("channel", "choose one of " + String.join(", ", CHANNELS));
      }
      MessageRequest request = new MessageRequest(form.get("channel"), MessagePages.blankToNull(form.get("to")), null,
          MessagePages.blankToNull(form.get("body")), MessagePages.blankToNull(form.get("subject")), null, null, null,
          sendAt(form.get("send_at")), null, Map.of(), MessagePages.blankToNull(form.get("contact_id")), null, null);
      Message m = service.accept(s.tenant(), List.of(request), null, false).messages().get(0);
      ctx.redirect("/dashboard/messages/" + m.id() + "?notice=sent", HttpStatus.SEE_OTHER);
    } catch (ValidationException e) {
      form(ctx, s, 422, form, e.errors());
    } catch (HeraldException e) {
      form(ctx, s, 422, form, List.of(new ValidationException.FieldError("message", e.getMessage())));
    }
  }

  /** A {@code datetime-local} value, read as UTC; blank means now. */
  private static Instant sendAt(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new ValidationException("send_at", "'" + value + "' is not a date and time like 2026-12-24T09:30");
    }
  }

  private void segments(Context ctx) {
    dashboard.requireForChange(ctx);
    String body = ctx.formParam("body");
    ctx.contentType("text/html; charset=utf-8").result(views.render("segments.peb", Map.of("parts", parts(body))));
  }

  /** The counter's figures: units (septets or UTF-16 units), encoding and segments. */
  static Map<String, Object> parts(String body) {
    SmsParts p = SmsEncoding.measure(body == null ? "" : body);
    boolean gsm = p.encoding() == SmsParts.Encoding.GSM_7;
    return Map.of("units", p.units(), "unit", gsm ? "septets" : "UTF-16 units", "encoding", p.encoding().wireName(),
        "segments", p.segments());
  }
}
