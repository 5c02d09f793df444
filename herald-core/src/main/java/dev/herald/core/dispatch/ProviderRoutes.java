package dev.herald.core.dispatch;

import dev.herald.core.message.Channel;
import dev.herald.core.provider.ChannelProvider;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * Each channel's ordered provider list (primary first, then fallbacks) and a concurrency bound per
 * provider ({@link ChannelProvider#maxConcurrency()} permits).
 */
public final class ProviderRoutes implements AutoCloseable {
  private final Map<Channel, List<ChannelProvider>> routes;
  private final Map<String, Semaphore> permits = new LinkedHashMap<>();
  private final Map<String, ChannelProvider> providers = new LinkedHashMap<>();

  /** @param routes channel → providers in the order they are tried */
  public ProviderRoutes(Map<Channel, List<ChannelProvider>> routes) {
    this.routes = new EnumMap<>(Channel.class);
    routes.forEach((channel, list) -> {
      this.routes.put(channel, List.copyOf(list));
      for (ChannelProvider p : list) {
        providers.putIfAbsent(p.id(), p);
        permits.computeIfAbsent(p.id(), id -> new Semaphore(p.maxConcurrency()));
      }
    });
  }

  /** Providers for {@code channel}, in failover order; empty when none is configured. */
  public List<ChannelProvider> providersFor(Channel channel) {
    return routes.getOrDefault(channel, List.of());
  }

  /** Whether at least one provider serves {@code channel}. */
  public boolean serves(Channel channel) {
    return !providersFor(channel).isEmpty();
  }

  /** The concurrency permit pool of a provider. */
  Semaphore permits(ChannelProvider provider) {
    return permits.get(provider.id());
  }

  /** Every distinct provider instance. */
  public Map<String, ChannelProvider> providers() {
    return Map.copyOf(providers);
  }

  @Override
  public void close() {
    providers.values().forEach(ChannelProvider::close);
  }
}
