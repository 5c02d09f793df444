package dev.herald.server;

import dev.herald.core.dispatch.Dispatcher;
import dev.herald.core.dispatch.ProviderRoutes;
import dev.herald.core.message.Addresses;
import dev.herald.core.message.Channel;
import dev.herald.core.message.MessageService;
import dev.herald.core.message.RetryingReportSink;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.ChannelProviderFactory;
import dev.herald.core.provider.ProviderConfig;
import dev.herald.core.provider.ProviderContext;
import dev.herald.core.retry.RetryPolicy;
import dev.herald.server.api.HttpApi;
import dev.herald.core.conversation.ConversationExpiry;
import dev.herald.core.event.AnnouncingStatusSink;
import dev.herald.core.event.EventBus;
import dev.herald.core.provider.StatusReportSink;
import dev.herald.core.responder.ResponderRunner;
import dev.herald.server.config.EngagementConfig;
import dev.herald.server.config.HeraldConfig;
import dev.herald.server.dashboard.Dashboard;
import dev.herald.server.events.LiveEvents;
import dev.herald.store.jdbc.JdbcMessageStore;
import dev.herald.store.jdbc.StoreSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.UUID;

/**
 * One running Herald node: store, providers, message service, dispatcher and HTTP API, wired
 * together. It owns every thread and closes them in reverse order of start.
 */
public final class HeraldNode implements AutoCloseable {

  private final HeraldConfig config;
  private final Clock clock;
  private final JdbcMessageStore store;
  private final ProviderRoutes routes;
  private final MessageService messages;
  private final Dispatcher dispatcher;
  private final HttpApi api;
  private final EventBus events = new EventBus();
  private final LiveEvents live;
  private final ConversationExpiry expiry;
  private final Optional<ResponderRunner> responder;
  /** Provider status reports, held and applied again while the store cannot take them. */
  private final RetryingReportSink reports;
  private final String node = "node-" + UUID.randomUUID().toString().substring(0, 8);
  /** Most status reports held in memory for another try at once (each a few hundred bytes). */
  private static final int MAX_HELD_REPORTS = 100_000;

  /** Every provider factory on the class path, by id. */
  public static Map<String, ChannelProviderFactory> providerFactories() {
    Map<String, ChannelProviderFactory> out = new LinkedHashMap<>();
    ServiceLoader.load(ChannelProviderFactory.class).forEach(f -> out.put(f.id(), f));
    return out;
  }

  /**
   * Opens the store and creates providers; nothing runs until {@link #start()}.
   *
   * @param extraProviders providers given directly (tests), taking precedence over factories with the same id
   */
  public HeraldNode(HeraldConfig config, Clock clock, List<ChannelProvider> extraProviders) {
    this.config = config;
    this.clock = clock;
    this.store = JdbcMessageStore.open(new StoreSettings(config.databaseUrl(), config.databaseUser(),
        config.databasePassword(), config.dataDir(), config.databasePoolSize(), config.databaseTimeout()));
    Map<Channel, RetryPolicy> policies = new EnumMap<>(Channel.class);
    for (Channel c : Channel.values()) {
      policies.put(c, config.retryPolicy());
    }
    Addresses addresses = new Addresses(config.defaultRegion());
    this.live = new LiveEvents(store, events, clock, store.eventRelay().orElse(null), node);
    this.messages = new MessageService(live.store(), addresses, policies,
        config.channelProviders().keySet(), clock);
    this.reports = new RetryingReportSink(new AnnouncingStatusSink(messages, events), MAX_HELD_REPORTS);
    this.routes = new ProviderRoutes(buildRoutes(clock, extraProviders, reports), config.breaker(), clock);
    this.dispatcher = new Dispatcher(live.store(), routes, policies, store.rateLimiter(), tariffs(), clock, config.dispatcher(), node);
    messages.dispatchWith(dispatcher);
    EngagementWiring wiring = new EngagementWiring(EngagementConfig.from(config.raw()), store, messages, events, addresses,
        config.publicBaseUrl(), config.limits().objects(), clock, live::conversations);
    dispatcher.guardWith(wiring.gate());
    this.expiry = wiring.expiry();
    this.responder = wiring.responder();
    dev.herald.server.api.Engagement engagement = wiring.engagement(reports);
    this.api = new HttpApi(config, store, messages, routes, clock, node, engagement, reports::waiting, live.stream());
    Dashboard dashboard = new Dashboard(api.apiKeys(), messages, store, live.stream(), engagement.contacts(),
        engagement.conversations(), clock);
    api.extend(dashboard::mount);
  }

  private Map<Channel, List<ChannelProvider>> buildRoutes(Clock clock, List<ChannelProvider> extra, StatusReportSink reports) {
    Map<String, ChannelProviderFactory> factories = providerFactories();
    Map<String, ChannelProvider> created = new LinkedHashMap<>();
    extra.forEach(p -> created.put(p.id(), p));
    Map<Channel, List<ChannelProvider>> out = new EnumMap<>(Channel.class);
    config.channelProviders().forEach((channel, ids) -> {
      List<ChannelProvider> list = new ArrayList<>();
      for (String id : ids) {
        ChannelProvider p = created.computeIfAbsent(id, k -> factories.get(k).create(new ProviderContext(
            new ProviderConfig(k, config.raw().section(k)), clock, reports, store.sendJournal(), config.publicBaseUrl())));
        if (!p.channels().contains(channel)) {
          throw new dev.herald.core.error.ConfigurationException("channels." + channel.wireName() + ".providers",
              "provider '" + id + "' does not serve channel " + channel.wireName());
        }
        list.add(p);
      }
      out.put(channel, list);
    });
    return out;
  }

  private Map<String, dev.herald.core.dispatch.Tariff> tariffs() {
    Map<String, dev.herald.core.dispatch.Tariff> out = new LinkedHashMap<>();
    for (String id : routes.providers().keySet()) {
      ProviderConfig c = new ProviderConfig(id, config.raw().section(id));
      java.math.BigDecimal perSegment = price(c, "price_per_segment");
      java.math.BigDecimal perMessage = price(c, "price_per_message");
      if (perSegment != null || perMessage != null) {
        out.put(id, new dev.herald.core.dispatch.Tariff(perSegment, perMessage, c.get("price_currency", "USD")));
      }
    }
    return out;
  }

  private static java.math.BigDecimal price(ProviderConfig c, String key) {
    String v = c.get(key, null);
    try {
      return v == null ? null : new java.math.BigDecimal(v);
    } catch (NumberFormatException e) {
      throw new dev.herald.core.error.ConfigurationException(c.fullKey(key), "'" + v + "' is not a decimal price");
    }
  }

  /**
   * Starts dispatching and serving HTTP. Work a previous run left in flight stays leased until its
   * lease ends (then the embedded store's reaper makes it due, and on PostgreSQL the next claim
   * takes it over): its sends may have reached the provider, whose reports can settle it first.
   */
  public HeraldNode start() {
    dispatcher.start();
    expiry.start();
    api.start();
    return this;
  }

  /** The HTTP port actually bound (useful when configured as 0). */
  public int port() {
    return api.port();
  }

  public MessageService messages() {
    return messages;
  }

  public JdbcMessageStore store() {
    return store;
  }

  public Dispatcher dispatcher() {
    return dispatcher;
  }

  public HttpApi api() {
    return api;
  }

  /** The node's in-process event bus. */
  public EventBus events() {
    return events;
  }

  @Override
  public void close() {
    live.close();
    api.stop();
    responder.ifPresent(ResponderRunner::close);
    expiry.close();
    dispatcher.close();
    routes.close();
    reports.close();
    store.close();
  }
}
