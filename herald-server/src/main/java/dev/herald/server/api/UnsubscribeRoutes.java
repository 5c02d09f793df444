package dev.herald.server.api;

import dev.herald.core.consent.ConsentSource;
import dev.herald.core.consent.ConsentState;
import dev.herald.core.consent.UnsubscribeLinks.Target;
import dev.herald.core.contact.Contact;
import dev.herald.core.error.NotFoundException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * One-click unsubscribe (RFC 8058) at {@code /unsubscribe/{token}}, no API key needed (the token is
 * signed). {@code POST} (what mail clients send, body {@code List-Unsubscribe=One-Click}) opts the
 * address out; {@code GET} only shows a page with a button that posts, because RFC 8058 §4 warns
 * that link scanners fetch URLs found in mail.
 */
final class UnsubscribeRoutes {
  private final Engagement e;

  UnsubscribeRoutes(Engagement e) {
    this.e = e;
  }

  void mount(RoutesConfig r) {
    r.get("/unsubscribe/{token}", this::page);
    r.post("/unsubscribe/{token}", this::unsubscribe);
  }

  private Target target(Context ctx) {
    return e.unsubscribeLinks().verify(ctx.pathParam("token"))
        .orElseThrow(() -> new NotFoundException("this unsubscribe link is not valid"));
  }

  private void page(Context ctx) {
    Target t = target(ctx);
    ctx.contentType("text/html; charset=utf-8").result("<!doctype html><html><body><form method=\"post\">"
        + "<p>Stop " + t.channel().wireName() + " messages to " + escape(t.address()) + "?</p>"
        + "<input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
        + "<button type=\"submit\">Unsubscribe</button></form></body></html>");
  }

  private void unsubscribe(Context ctx) {
    Target t = target(ctx);
    boolean already = e.consent().current(t.tenantId(), t.channel(), t.address())
        .map(r -> r.state() == ConsentState.OPTED_OUT).orElse(false);
    if (!already) {
      String contactId = contactOf(t);
      e.consent().record(t.tenantId(), contactId, t.channel(), t.address(), ConsentState.OPTED_OUT,
          ConsentSource.UNSUBSCRIBE_LINK, null, "one-click unsubscribe");
    }
    ctx.contentType("text/plain; charset=utf-8").result(t.address() + " is unsubscribed.");
  }

  private String contactOf(Target t) {
    try {
      Contact c = e.contacts().lookup(t.tenantId(), t.address());
      return c.id();
    } catch (NotFoundException none) {
      return null;
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
