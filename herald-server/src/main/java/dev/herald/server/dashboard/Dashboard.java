package dev.herald.server.dashboard;

import dev.herald.core.message.MessageService;
import dev.herald.core.store.MessageStore;
import dev.herald.server.api.ApiKeys;
import dev.herald.server.events.EventStream;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The operator dashboard's routes under {@code /dashboard}: sign-in and sign-out, the session and
 * CSRF checks every other route passes, security headers, and the pages ({@link MessagePages},
 * {@link ComposePage}, {@link OverviewPage}, {@link PeoplePages}).
 */
public final class Dashboard {
  /** How long a session lasts after sign-in. */
  public static final Duration SESSION_TTL = Duration.ofHours(8);
  static final String SESSION_COOKIE = "herald_session";
  static final String SIGN_IN_COOKIE = "herald_sign_in";
  /** Pages may load only this origin's scripts, styles and streams, and may not be framed. */
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  private static final Map<String, String> ASSETS = Map.of(
      "htmx.min.js", webjar("htmx.org", "dist/htmx.min.js"),
      "sse.js", webjar("htmx-ext-sse", "sse.js"),
      "dashboard.css", "dashboard/dashboard.css");

  private final ApiKeys keys;
  private final Sessions sessions;
  private final Views views = new Views();
  private final MessagePages messages;
  private final ComposePage compose;
  private final OverviewPage overview;
  private final PeoplePages people;

  /** Thrown when a dashboard route is reached without a live session. */
  static final class SignInRequired extends RuntimeException {
    SignInRequired() {
      super("sign in first", null, false, false);
    }
  }

  /** Thrown when a state-changing request lacks the session's CSRF token. */
  static final class CsrfRejected extends RuntimeException {
    CsrfRejected() {
      super("missing or wrong CSRF token", null, false, false);
    }
  }

  public Dashboard(ApiKeys keys, MessageService service, MessageStore store, EventStream events,
      dev.herald.core.contact.ContactService contacts, dev.herald.core.conversation.ConversationService conversations,
      Clock clock) {
    this.keys = keys;
    this.sessions = new Sessions(clock, SESSION_TTL);
    this.messages = new MessagePages(this, views, service, store, events);
    this.compose = new ComposePage(this, views, service);
    this.overview = new OverviewPage(this, views, service, store, clock);
    this.people = new PeoplePages(this, views, contacts, conversations);
  }

  /** Mounts every dashboard route. */
  public void mount(RoutesConfig r) {
    r.before("/dashboard", Dashboard::securityHeaders);
    r.before("/dashboard/*", Dashboard::securityHeaders);
    r.get("/dashboard", ctx -> ctx.redirect(session(ctx) == null ? "/dashboard/sign-in" : "/dashboard/overview"));
    r.get("/dashboard/assets/{file}", this::asset);
    r.get("/dashboard/sign-in", this::signInPage);
    r.post("/dashboard/sign-in", this::signIn);
    r.post("/dashboard/sign-out", this::signOut);
    messages.mount(r);
    compose.mount(r);
    overview.mount(r);
    people.mount(r);
    r.exception(SignInRequired.class, (e, ctx) -> {
      if (ctx.method().name().equals("GET")) {
        ctx.redirect("/dashboard/sign-in");
      } else {
        views.page(ctx, 401, "problem.peb", null, Map.of("error", "Your session has ended: sign in again.",
            "heading", "Signed out", "back", "/dashboard/sign-in"));
      }
    });
    r.exception(CsrfRejected.class, (e, ctx) -> views.page(ctx, 403, "problem.peb", session(ctx), Map.of(
        "error", "This form did not carry this session's security token (CSRF), so nothing was done. "
            + "Reload the page and try again.", "heading", "Request refused", "back", "/dashboard")));
  }

  private static void securityHeaders(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
  }

  /** The live session of the request, or {@code null}. */
  Sessions.Session session(Context ctx) {
    return sessions.find(ctx.cookie(SESSION_COOKIE)).orElse(null);
  }

  /** The live session of the request; else the operator is sent to sign in. */
  Sessions.Session require(Context ctx) {
    Sessions.Session s = session(ctx);
    if (s == null) {
      throw new SignInRequired();
    }
    return s;
  }

  /** The live session of a state-changing request whose CSRF token (form field or header) matches. */
  Sessions.Session requireForChange(Context ctx) {
    Sessions.Session s = require(ctx);
    String token = ctx.header("X-CSRF-Token") != null ? ctx.header("X-CSRF-Token") : ctx.formParam("_csrf");
    if (!s.csrfMatches(token)) {
      throw new CsrfRejected();
    }
    return s;
  }

  private void signInPage(Context ctx) {
    // Double-submit token: a sign-in form posted from another site cannot carry this cookie's value.
    String token = Sessions.token();
    cookie(ctx, SIGN_IN_COOKIE, token, Duration.ofMinutes(30));
    views.page(ctx, 200, "sign-in.peb", null, Map.of("signin", token));
  }

  private void signIn(Context ctx) {
    String expected = ctx.cookie(SIGN_IN_COOKIE);
    String presented = ctx.formParam("_signin");
    if (expected == null || !expected.equals(presented)) {
      signInAgain(ctx, 403, "The sign-in form had expired or came from elsewhere; nothing was done. Try again.");
      return;
    }
    String key = ctx.formParam("api_key");
    String tenant = key == null || key.isBlank() ? null : keys.tenantOf(key.trim()).orElse(null);
    if (tenant == null) {
      signInAgain(ctx, 401, key == null || key.isBlank() ? "Enter an API key." : "That API key is not valid.");
      return;
    }
    cookie(ctx, SESSION_COOKIE, sessions.open(tenant, ApiKeys.describe(key.trim())), SESSION_TTL);
    cookie(ctx, SIGN_IN_COOKIE, "", Duration.ZERO);
    ctx.redirect("/dashboard/overview", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private void signInAgain(Context ctx, int status, String error) {
    String token = Sessions.token();
    cookie(ctx, SIGN_IN_COOKIE, token, Duration.ofMinutes(30));
    views.page(ctx, status, "sign-in.peb", null, Map.of("signin", token, "error", error));
  }

  private void signOut(Context ctx) {
    requireForChange(ctx);
    sessions.close(ctx.cookie(SESSION_COOKIE));
    cookie(ctx, SESSION_COOKIE, "", Duration.ZERO);
    ctx.redirect("/dashboard/sign-in", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  /** HttpOnly, SameSite=Strict, scoped to the dashboard; Secure when the request came over HTTPS. */
  private static void cookie(Context ctx, String name, String value, Duration maxAge) {
    boolean https = "https".equalsIgnoreCase(ctx.scheme())
        || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/dashboard; Max-Age=" + maxAge.toSeconds()
        + "; HttpOnly; SameSite=Strict" + (https ? "; Secure" : ""));
  }

  private void asset(Context ctx) throws IOException {
    String path = ASSETS.get(ctx.pathParam("file"));
    if (path == null) {
      ctx.status(404).contentType("text/plain").result("no such asset");
      return;
    }
    try (InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("dashboard asset missing from the jar: " + path);
      }
      ctx.contentType(path.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8")
          .header("Cache-Control", "public, max-age=3600").result(in.readAllBytes());
    }
  }

  /** The class-path location of a WebJar's file, its version read from the WebJar's own Maven metadata. */
  private static String webjar(String artifact, String file) {
    java.util.Properties p = new java.util.Properties();
    try (InputStream in = Dashboard.class.getClassLoader()
        .getResourceAsStream("META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("WebJar " + artifact + " is not on the class path");
      }
      p.load(in);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return "META-INF/resources/webjars/" + artifact + "/" + p.getProperty("version") + "/" + file;
  }
}
