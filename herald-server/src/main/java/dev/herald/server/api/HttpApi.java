package dev.herald.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.dispatch.ProviderRoutes;
import dev.herald.core.error.HeraldException;
import dev.herald.core.error.UnavailableException;
import dev.herald.core.error.ValidationException;
import dev.herald.core.message.Channel;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageRequest;
import dev.herald.core.message.MessageService;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.store.MessageQuery;
import dev.herald.core.store.MessageStore;
import dev.herald.core.store.MessageStore.IdempotencyClaim;
import dev.herald.core.store.Page;
import dev.herald.core.store.StoreHealth;
import dev.herald.server.config.HeraldConfig;
import dev.herald.server.events.ApiEventFormat;
import dev.herald.server.events.EventStream;
import dev.herald.server.mcp.McpEndpoint;
import dev.herald.server.webhook.WebhookRoutes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API (DESIGN §5) on Javalin with virtual threads: messages under {@code /v1}, provider
 * webhooks under {@code /webhooks}, {@code /health} and {@code /openapi.json}. Every {@code /v1}
 * route needs {@code Authorization: Bearer <api key>} and sees its key's tenant only; anonymous
 * callers of {@code /health} learn the status alone. Every response forbids content sniffing and
 * caching ({@link ResponseHeaders}).
 */
public final class HttpApi {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private final ThrottledLog unavailableLog = new ThrottledLog(LOG, java.time.Duration.ofSeconds(5));

  /** One documented route; {@link #ROUTES} is checked against {@code openapi.json} by a test. */
  public record Route(HandlerType method, String path) {}

  public static final List<Route> ROUTES = List.of(
      new Route(HandlerType.GET, "/health"),
      new Route(HandlerType.GET, "/health/live"),
      new Route(HandlerType.GET, "/health/ready"),
      new Route(HandlerType.GET, "/openapi.json"),
      new Route(HandlerType.POST, "/v1/messages"),
      new Route(HandlerType.POST, "/v1/messages/batch"),
      new Route(HandlerType.GET, "/v1/messages"),
      new Route(HandlerType.GET, "/v1/messages/{id}"),
      new Route(HandlerType.GET, "/v1/messages/{id}/events"),
      new Route(HandlerType.POST, "/v1/messages/{id}/cancel"),
      new Route(HandlerType.POST, "/v1/messages/{id}/retry"),
      new Route(HandlerType.GET, "/v1/simulator/sends"),
      new Route(HandlerType.GET, "/webhooks/{provider}/{path}"),
      new Route(HandlerType.POST, "/webhooks/{provider}/{path}"),
      new Route(HandlerType.POST, "/v1/contacts"),
      new Route(HandlerType.GET, "/v1/contacts"),
      new Route(HandlerType.GET, "/v1/contacts/{id}"),
      new Route(HandlerType.PATCH, "/v1/contacts/{id}"),
      new Route(HandlerType.DELETE, "/v1/contacts/{id}"),
      new Route(HandlerType.GET, "/v1/contacts/{id}/consent"),
      new Route(HandlerType.POST, "/v1/contacts/{id}/consent"),
      new Route(HandlerType.POST, "/v1/conversations"),
      new Route(HandlerType.GET, "/v1/conversations"),
      new Route(HandlerType.GET, "/v1/conversations/{id}"),
      new Route(HandlerType.POST, "/v1/conversations/{id}/close"),
      new Route(HandlerType.POST, "/v1/conversations/{id}/status"),
      new Route(HandlerType.GET, "/v1/conversations/{id}/messages"),
      new Route(HandlerType.GET, "/v1/conversations/{id}/context"),
      new Route(HandlerType.PATCH, "/v1/conversations/{id}/context"),
      new Route(HandlerType.POST, "/v1/conversations/{id}/participants"),
      new Route(HandlerType.DELETE, "/v1/conversations/{id}/participants/{participant}"),
      new Route(HandlerType.GET, "/unsubscribe/{token}"),
      new Route(HandlerType.POST, "/unsubscribe/{token}"),
      new Route(HandlerType.POST, "/mcp"),
      new Route(HandlerType.GET, "/v1/events/stream"));

  private final HeraldConfig config;
  private final MessageStore store;
  private final MessageService messages;
  private final ProviderRoutes routes;
  private final Clock clock;
  private final String node;
  private final ApiKeys apiKeys;
  private final WebhookRoutes webhooks;
  private final Engagement engagement;
  private final McpEndpoint mcp;
  private final IntSupplier reportsWaiting;
  private final RequestBodies bodies;
  private final EventStream events;
  private final List<java.util.function.Consumer<io.javalin.config.RoutesConfig>> extensions = new ArrayList<>();
  private Javalin app;
  /** True from the end of {@link #start()} to the beginning of {@link #stop()}: the node serves. */
  private volatile boolean serving;

  /**
   * @param engagement contacts, consent, conversations and inbound processing
   * @param reportsWaiting how many provider status reports are held for another try (shown by {@code /health})
   * @param events the node's live events, served at {@code /v1/events/stream}
   */
  public HttpApi(HeraldConfig config, MessageStore store, MessageService messages, ProviderRoutes routes, Clock clock,
      String node, Engagement engagement, IntSupplier reportsWaiting, EventStream events) {
    this.config = config;
    this.events = events;
    this.store = store;
    this.messages = messages;
    this.routes = routes;
    this.clock = clock;
    this.node = node;
    this.apiKeys = new ApiKeys(store);
    this.engagement = engagement;
    this.webhooks = new WebhookRoutes(routes, engagement.reports(), engagement.inbound()::process, config.publicBaseUrl(), clock);
    this.bodies = new RequestBodies(config.limits());
    this.mcp = new McpEndpoint(messages, engagement.conversations(), apiKeys::tenantOf, "0.1.0", bodies.mapper(),
        bodies.objects());
    this.reportsWaiting = reportsWaiting;
  }

  public ApiKeys apiKeys() {
    return apiKeys;
  }

  /** Adds routes of another part of the server (the dashboard); call before {@link #start()}. */
  public void extend(java.util.function.Consumer<io.javalin.config.RoutesConfig> routes) {
    extensions.add(routes);
  }

  /** Binds the port on the configured address and starts serving. */
  public void start() {
    app = Javalin.create(cfg -> {
      cfg.concurrency.useVirtualThreads = true;
      cfg.http.maxRequestSize = config.limits().maxRequestBytes();
      cfg.http.prefer405over404 = true;
      cfg.startup.showJavalinBanner = false;
      cfg.routes.before("/v1/*", this::authenticate);
      cfg.routes.get("/health", this::health);
      cfg.routes.get("/health/live", ctx -> json(ctx, 200, MessageJson.JSON.createObjectNode().put("status", "ok")));
      cfg.routes.get("/health/ready", ctx -> {
        if (serving) {
          status(ctx, store.health());
        } else {
          json(ctx, 503, MessageJson.JSON.createObjectNode().put("status", "unavailable"));
        }
      });
      cfg.routes.get("/openapi.json", this::openapi);
      cfg.routes.post("/v1/messages", this::send);
      cfg.routes.post("/v1/messages/batch", this::sendBatch);
      cfg.routes.get("/v1/messages", this::list);
      cfg.routes.get("/v1/messages/{id}", this::get);
      cfg.routes.get("/v1/messages/{id}/events", this::events);
      cfg.routes.post("/v1/messages/{id}/cancel", ctx -> summary(ctx, 200, messages.cancel(tenant(ctx), ctx.pathParam("id"))));
      cfg.routes.post("/v1/messages/{id}/retry", this::retry);
      cfg.routes.get("/v1/simulator/sends", this::simulatorSends);
      cfg.routes.get("/webhooks/{provider}/<path>", webhooks::handle);
      cfg.routes.post("/webhooks/{provider}/<path>", webhooks::handle);
      cfg.routes.get("/webhooks/{provider}", webhooks::handle);
      cfg.routes.post("/webhooks/{provider}", webhooks::handle);
      new ContactApi(engagement, bodies).mount(cfg.routes);
      new ConversationApi(engagement, bodies).mount(cfg.routes);
      new UnsubscribeRoutes(engagement).mount(cfg.routes);
      cfg.routes.get("/v1/events/stream", this::eventStream);
      extensions.forEach(e -> e.accept(cfg.routes));
      // Errors Jetty answers itself, outside any route or from a servlet, are problem documents too.
      cfg.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
      cfg.jetty.modifyServletContextHandler(h -> {
        h.setErrorHandler(new ProblemErrorHandler());
        var requests = java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST);
        h.addFilter(new ResponseHeaders(), "/*", requests);
        h.addFilter(mcp.authFilter(), McpEndpoint.PATH, requests);
        h.addFilter(new JsonBodyFilter(bodies), McpEndpoint.PATH, requests);
        h.addServlet(mcp.servlet(), McpEndpoint.PATH);
      });
      cfg.routes.exception(HeraldException.class, (e, ctx) -> Problems.write(ctx, e));
      cfg.routes.exception(UnavailableException.class, (e, ctx) -> {
        unavailableLog.log(ctx.method() + " " + ctx.path(), e);
        Problems.write(ctx, e);
      });
      cfg.routes.exception(Problems.HttpProblem.class, (e, ctx) -> Problems.write(ctx, e));
      cfg.routes.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> Problems.write(ctx, e.getStatus(),
          "http_" + e.getStatus(), io.javalin.http.HttpStatus.forStatus(e.getStatus()).getMessage(), e.getMessage(), null));
      cfg.routes.exception(Exception.class, (e, ctx) -> {
        LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
        Problems.write(ctx, 500, "internal", "Internal error", "an unexpected error occurred; see the server log", null);
      });
      cfg.routes.error(404, ctx -> {
        if (ctx.res().getContentType() == null || !ctx.res().getContentType().contains("problem")) {
          Problems.write(ctx, 404, "not_found", "Not found", "no route " + ctx.method() + " " + ctx.path(), null);
        }
      });
      cfg.routes.error(405, ctx -> Problems.write(ctx, 405, "method_not_allowed", "Method not allowed",
          ctx.method() + " is not allowed on " + ctx.path(), null));
    }).start(config.bindAddress(), config.port());
    serving = true;
  }

  public int port() {
    return app.port();
  }

  public void stop() {
    serving = false;
    if (app != null) {
      app.stop();
    }
    mcp.close();
  }

  private void authenticate(Context ctx) {
    String key = bearerKey(ctx);
    if (key == null) {
      throw new Problems.HttpProblem(401, "unauthorized", "missing 'Authorization: Bearer <api key>' header");
    }
    String tenant = apiKeys.tenantOf(key)
        .orElseThrow(() -> new Problems.HttpProblem(401, "unauthorized", "the API key is not valid"));
    ctx.attribute("tenant", tenant);
  }

  /** The API key the request presents, or null when it has no bearer {@code Authorization}. */
  private static String bearerKey(Context ctx) {
    String header = ctx.header("Authorization");
    return header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) ? null : header.substring(7).trim();
  }

  private static String tenant(Context ctx) {
    return ctx.attribute("tenant");
  }

  /**
   * The live event stream. A request it cannot serve as asked is refused before the stream opens
   * (an open stream never ends by itself): query parameters, a body, an overlong {@code Last-Event-ID}.
   */
  private void eventStream(Context ctx) {
    if (!ctx.queryParamMap().isEmpty()) {
      throw new ValidationException(ctx.queryParamMap().keySet().iterator().next(), "is not a parameter of the event stream");
    }
    if (ctx.contentLength() > 0 || ctx.header("Transfer-Encoding") != null) {
      throw new ValidationException("body", "the event stream takes no request body");
    }
    String last = ctx.header("Last-Event-ID");
    if (last != null && last.length() > 128) {
      throw new ValidationException("Last-Event-ID", "must be at most 128 characters (an id this stream sent)");
    }
    events.serve(ctx, tenant(ctx), last, new ApiEventFormat());
  }

  private void send(Context ctx) {
    JsonNode body = bodies.object(ctx);
    MessageRequest request = MessageRequests.message(body, "", bodies.objects());
    MessageService.Accepted accepted = messages.accept(tenant(ctx), List.of(request), idempotency(ctx), false);
    replayHeader(ctx, accepted);
    summary(ctx, 202, accepted.messages().get(0));
  }

  private void sendBatch(Context ctx) {
    JsonNode body = bodies.object(ctx);
    JsonNode list = body.get("messages");
    if (list == null || !list.isArray()) {
      throw new ValidationException("messages", "must be an array of messages");
    }
    List<MessageRequest> requests = new ArrayList<>(list.size());
    List<ValidationException.FieldError> errors = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!list.get(i).isObject()) {
        errors.add(new ValidationException.FieldError("messages/" + i, "must be an object"));
        continue;
      }
      try {
        requests.add(MessageRequests.message(list.get(i), "messages/" + i + "/", bodies.objects()));
      } catch (ValidationException e) {
        errors.addAll(e.errors());
      }
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    MessageService.Accepted accepted = messages.accept(tenant(ctx), requests, idempotency(ctx), true);
    replayHeader(ctx, accepted);
    json(ctx, 202, g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("data");
      for (Message m : accepted.messages()) {
        MessageJson.writeSummary(g, m);
      }
      g.writeEndArray();
      g.writeNumberField("count", accepted.messages().size());
      g.writeEndObject();
    });
  }

  private static void replayHeader(Context ctx, MessageService.Accepted accepted) {
    if (accepted.replayed()) {
      ctx.header("Idempotent-Replayed", "true");
    }
  }

  private IdempotencyClaim idempotency(Context ctx) {
    String key = ctx.header("Idempotency-Key");
    if (key == null) {
      return null;
    }
    if (key.isBlank() || key.length() > 255) {
      throw new ValidationException("Idempotency-Key", "must be 1 to 255 characters");
    }
    // The key is bound to the route and the exact body: the same key on another request is refused.
    return new IdempotencyClaim(key, ApiKeys.hash(ctx.path() + "\n" + ctx.body()));
  }

  private void get(Context ctx) {
    Message m = messages.get(tenant(ctx), ctx.pathParam("id"));
    json(ctx, 200, MessageJson.detail(m, store.attempts(m.id())));
  }

  private void events(Context ctx) {
    Message m = messages.get(tenant(ctx), ctx.pathParam("id"));
    ObjectNode out = MessageJson.JSON.createObjectNode();
    ArrayNode data = out.putArray("data");
    store.events(m.id()).forEach(e -> data.addObject().put("id", e.id()).put("provider", e.provider())
        .put("provider_message_id", e.providerMessageId()).put("event_type", e.eventType())
        .put("status", e.status() == null ? null : e.status().wireName()).put("outcome", e.outcome())
        .put("payload", e.payload()).put("received_at", e.receivedAt().toString()));
    json(ctx, 200, out);
  }

  /** An operator's retry, named on the message's timeline by the authenticated key's prefix. */
  private void retry(Context ctx) {
    summary(ctx, 202, messages.retry(tenant(ctx), ctx.pathParam("id"), MessageRequests.edit(bodies.optionalObject(ctx)),
        ApiKeys.describe(bearerKey(ctx))));
  }

  private void list(Context ctx) {
    List<ValidationException.FieldError> errors = new ArrayList<>();
    MessageStatus status = null;
    if (ctx.queryParam("status") != null) {
      status = MessageStatus.fromWire(ctx.queryParam("status"));
      if (status == null) {
        errors.add(new ValidationException.FieldError("status", "'" + ctx.queryParam("status") + "' is not a message status"));
      }
    }
    Channel channel = null;
    try {
      channel = ctx.queryParam("channel") == null ? null : Channel.parse(ctx.queryParam("channel"), "channel");
    } catch (ValidationException e) {
      errors.addAll(e.errors());
    }
    Instant from = queryTime(ctx, "created_after", errors);
    Instant to = queryTime(ctx, "created_before", errors);
    int limit = 50;
    if (ctx.queryParam("limit") != null) {
      try {
        limit = Integer.parseInt(ctx.queryParam("limit"));
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 500) {
        errors.add(new ValidationException.FieldError("limit", "must be a whole number from 1 to 500"));
      }
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    Page<Message> page = messages.list(tenant(ctx), new MessageQuery(status, channel, ctx.queryParam("to"), from, to,
        ctx.queryParam("cursor"), limit));
    json(ctx, 200, g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("data");
      for (Message m : page.items()) {
        MessageJson.writeSummary(g, m);
      }
      g.writeEndArray();
      g.writeStringField("next_cursor", page.nextCursor());
      g.writeEndObject();
    });
  }

  private static Instant queryTime(Context ctx, String name, List<ValidationException.FieldError> errors) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return null;
    }
    return ValidationException.collect(errors, () -> MessageRequests.instant(v, name));
  }

  private void simulatorSends(Context ctx) {
    int limit;
    try {
      limit = ctx.queryParam("limit") == null ? 1000 : Integer.parseInt(ctx.queryParam("limit"));
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > 10_000) {
      throw new ValidationException("limit", "must be a whole number from 1 to 10000");
    }
    String tenant = tenant(ctx);
    var entries = store.sendJournal().list(tenant, ctx.queryParam("message_id"), ctx.queryParam("cursor"), limit);
    ObjectNode out = MessageJson.JSON.createObjectNode();
    ArrayNode data = out.putArray("data");
    entries.forEach(e -> data.addObject()
        .put("provider_message_id", e.providerMessageId()).put("message_id", e.messageId()).put("channel", e.channel())
        .put("to", e.recipient()).put("node", e.node()).put("accepted_at", e.acceptedAt().toString()));
    out.put("next_cursor", entries.size() == limit ? entries.get(entries.size() - 1).providerMessageId() : null);
    var s = store.sendJournal().summary(tenant);
    out.putObject("summary").put("sends", s.sends()).put("distinct_messages", s.distinctMessages())
        .put("messages_sent_more_than_once", s.messagesSentMoreThanOnce());
    json(ctx, 200, out);
  }

  /**
   * The status for anyone; the node, the database and each provider's circuit only for a valid API
   * key (a key that is not valid is refused, as on {@code /v1}). 200 while the database answers and
   * takes writes, else 503 ({@code unavailable} when it is down, {@code degraded} when it answers but
   * refuses writes). Answers within the configured {@code database_timeout} whatever the database does.
   */
  private void health(Context ctx) {
    StoreHealth db = store.health();
    if (ctx.header("Authorization") == null) {
      status(ctx, db);
      return;
    }
    authenticate(ctx);
    ObjectNode out = MessageJson.JSON.createObjectNode();
    boolean dbUp = db.database() == StoreHealth.Database.UP;
    out.put("status", statusName(db));
    out.put("node", node);
    out.put("database", db.database().wireName());
    if (db.detail() != null) {
      out.put("database_detail", db.detail());
    }
    out.put("reports_waiting", reportsWaiting.getAsInt());
    out.put("time", clock.instant().toString());
    ObjectNode providers = out.putObject("providers");
    routes.providers().keySet().forEach(id -> {
      var breaker = routes.breaker(id);
      providers.putObject(id).put("circuit", breaker.getState().name().toLowerCase())
          .put("failure_rate", breaker.getMetrics().getFailureRate())
          .put("outage_circuit", routes.outageBreaker(id).getState().name().toLowerCase());
    });
    json(ctx, dbUp ? 200 : 503, out);
  }

  private static String statusName(StoreHealth db) {
    return switch (db.database()) {
      case UP -> "ok";
      case DOWN -> "unavailable";
      case FULL, READ_ONLY -> "degraded";
    };
  }

  /** {@code {"status":…}} alone: 200 with {@code ok}, else 503 with {@code unavailable} or {@code degraded}. */
  private static void status(Context ctx, StoreHealth db) {
    json(ctx, db.database() == StoreHealth.Database.UP ? 200 : 503,
        MessageJson.JSON.createObjectNode().put("status", statusName(db)));
  }

  private void openapi(Context ctx) throws IOException {
    try (InputStream in = HttpApi.class.getResourceAsStream("/openapi.json")) {
      ctx.contentType("application/json").result(in.readAllBytes());
    }
  }

  /** A JSON body written straight to bytes, without a tree in between. */
  @FunctionalInterface
  private interface JsonBody {
    void write(com.fasterxml.jackson.core.JsonGenerator g) throws java.io.IOException;
  }

  private static void summary(Context ctx, int status, Message m) {
    json(ctx, status, g -> MessageJson.writeSummary(g, m));
  }

  private static void json(Context ctx, int status, JsonBody body) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(1_024);
    try (com.fasterxml.jackson.core.JsonGenerator g = MessageJson.JSON.createGenerator(bytes)) {
      body.write(g);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("a JSON body could not be written", e);
    }
    ctx.status(status).contentType("application/json").result(bytes.toByteArray());
  }

  private static void json(Context ctx, int status, JsonNode body) {
    byte[] bytes;
    try {
      bytes = MessageJson.JSON.writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
    ctx.status(status).contentType("application/json").result(bytes);
  }
}
