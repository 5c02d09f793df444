package dev.herald.server.config;

import dev.herald.core.dispatch.DispatcherSettings;
import dev.herald.core.dispatch.ProviderRoutes;
import dev.herald.core.error.ConfigurationException;
import dev.herald.core.json.JsonLimits;
import dev.herald.core.message.Channel;
import dev.herald.core.provider.Durations;
import dev.herald.core.retry.Backoff;
import dev.herald.core.retry.RetryPolicy;
import dev.herald.store.jdbc.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Herald's validated, frozen configuration. Every key has a default, so Herald runs with no file
 * and no environment: SQLite under {@code ./data}, the simulator on every channel.
 *
 * @param bindAddress the IP address the HTTP server listens on: {@code 0.0.0.0} for every interface
 * @param databaseTimeout the longest a request waits for the database before it is answered 503
 * @param channelProviders channel → provider ids in failover order
 * @param limits the largest request body and JSON objects a caller may send
 */
public record HeraldConfig(
    int port,
    String bindAddress,
    Path dataDir,
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    int databasePoolSize,
    Duration databaseTimeout,
    String apiKey,
    String publicBaseUrl,
    String defaultRegion,
    RetryPolicy retryPolicy,
    DispatcherSettings dispatcher,
    Map<Channel, List<String>> channelProviders,
    ProviderRoutes.BreakerSettings breaker,
    RequestLimits limits,
    RawConfig raw) {

  /** Keys that are not a provider's. */
  static final Set<String> TOP_LEVEL_KEYS = Set.of("port", BindAddress.KEY, "data_dir", "database_url", "database_user",
      "database_password", "database_pool_size", "database_timeout", "api_key", "public_base_url", "default_region",
      "retry_backoff", "retry_max_attempts",
      "lease_duration", "poll_interval", "dispatcher_concurrency", "claim_batch", "circuit_failure_rate",
      "circuit_window", "circuit_minimum_calls", "circuit_open_duration", "inbound_tenant", "conversation_ttl", "conversation_sweep_interval",
      "dispatcher_enabled", RequestLimits.REQUEST_BYTES, RequestLimits.OBJECT_BYTES, RequestLimits.OBJECT_DEPTH);

  /** The shortest {@code api_key} taken: a short key is guessed, and one request tries one guess. */
  static final int MIN_API_KEY_LENGTH = 20;

  /** Prefixes of key sections that are not a provider's ({@code responder.model}, {@code consent.stop_reply}). */
  static final Set<String> SECTIONS = Set.of("responder", "consent");

  /**
   * Validates {@code raw}.
   *
   * @param providerIds ids of the providers on the class path
   * @throws ConfigurationException naming the first bad key
   */
  public static HeraldConfig from(RawConfig raw, Set<String> providerIds) {
    checkKeys(raw, providerIds);
    int port = intValue(raw, "port", 8080, 0, 65_535);
    String region = raw.get("default_region") == null ? "US" : raw.get("default_region");
    if (!com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().getSupportedRegions().contains(region.toUpperCase())) {
      throw new ConfigurationException("default_region", "'" + region + "' is not an ISO 3166-1 region libphonenumber knows");
    }
    int attempts = intValue(raw, "retry_max_attempts", 4, 1, 100);
    Backoff backoff = raw.get("retry_backoff") == null ? RetryPolicy.DEFAULT.backoff()
        : Backoff.parse(raw.get("retry_backoff"), "retry_backoff");
    DispatcherSettings d = DispatcherSettings.DEFAULT;
    int concurrency = intValue(raw, "dispatcher_concurrency", d.maxInFlight(), 1, 100_000);
    DispatcherSettings dispatcher = new DispatcherSettings(concurrency,
        intValue(raw, "claim_batch", Math.min(d.claimBatch(), concurrency), 1, 10_000),
        duration(raw, "lease_duration", d.lease()), duration(raw, "poll_interval", d.pollInterval()),
        d.reapInterval(), d.completionBatch()).withClaiming(bool(raw, "dispatcher_enabled", true));
    String publicBase = raw.get("public_base_url") == null ? "http://localhost:" + port : stripSlash(raw.get("public_base_url"));
    return new HeraldConfig(port, BindAddress.parse(raw.get(BindAddress.KEY)),
        Path.of(raw.get("data_dir") == null ? "data" : raw.get("data_dir")), raw.get("database_url"), raw.get("database_user"),
        raw.get("database_password"), intValue(raw, "database_pool_size", 16, 2, 500), databaseTimeout(raw),
        apiKey(raw), publicBase, region.toUpperCase(), new RetryPolicy(attempts, backoff), dispatcher, channelProviders(raw, providerIds), breaker(raw),
        limits(raw), raw);
  }

  private static Duration databaseTimeout(RawConfig raw) {
    Duration d = duration(raw, "database_timeout", StoreSettings.DEFAULT_TIMEOUT);
    if (d.compareTo(Duration.ofMillis(250)) < 0 || d.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new ConfigurationException("database_timeout", d.toMillis() + "ms is outside 250ms..5m");
    }
    return d;
  }

  private static String apiKey(RawConfig raw) {
    String key = raw.get("api_key");
    if (key != null && key.length() < MIN_API_KEY_LENGTH) {
      // The key itself is a secret: the message gives its length only.
      throw new ConfigurationException("api_key", "is " + key.length() + " characters long; an API key needs at least "
          + MIN_API_KEY_LENGTH);
    }
    return key;
  }

  private static ProviderRoutes.BreakerSettings breaker(RawConfig raw) {
    ProviderRoutes.BreakerSettings d = ProviderRoutes.BreakerSettings.DEFAULT;
    int minimum = intValue(raw, "circuit_minimum_calls", d.minimumCalls(), 1, 10_000);
    return new ProviderRoutes.BreakerSettings(intValue(raw, "circuit_failure_rate", (int) d.failureRatePercent(), 1, 100),
        duration(raw, "circuit_window", d.window()), minimum, duration(raw, "circuit_open_duration", d.openFor()));
  }

  private static RequestLimits limits(RawConfig raw) {
    RequestLimits d = RequestLimits.DEFAULT;
    int request = intValue(raw, RequestLimits.REQUEST_BYTES, d.maxRequestBytes(), 1024, 1 << 30);
    int object = intValue(raw, RequestLimits.OBJECT_BYTES, Math.min(d.objects().maxBytes(), request), 64, request);
    return new RequestLimits(request, new JsonLimits(object, intValue(raw, RequestLimits.OBJECT_DEPTH, d.objects().maxDepth(), 1, 64)));
  }

  private static void checkKeys(RawConfig raw, Set<String> providerIds) {
    for (String key : raw.all().keySet()) {
      String head = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
      boolean known = TOP_LEVEL_KEYS.contains(key) || providerIds.contains(head) || SECTIONS.contains(head)
          || key.matches("channels\\.[a-z]+\\.providers");
      if (!known) {
        throw new ConfigurationException(key, "is not a configuration key Herald knows");
      }
    }
  }

  private static Map<Channel, List<String>> channelProviders(RawConfig raw, Set<String> providerIds) {
    Map<Channel, List<String>> out = new EnumMap<>(Channel.class);
    for (Channel c : Channel.values()) {
      String key = "channels." + c.wireName() + ".providers";
      String v = raw.get(key);
      List<String> ids = v == null ? List.of("simulator") : List.of(v.split("\\s*,\\s*"));
      for (String id : ids) {
        if (!providerIds.contains(id)) {
          throw new ConfigurationException(key, "names unknown provider '" + id + "'; known: " + providerIds);
        }
      }
      out.put(c, ids);
    }
    for (String key : raw.all().keySet()) {
      if (key.startsWith("channels.")) {
        try {
          Channel.parse(key.split("\\.")[1], key);
        } catch (dev.herald.core.error.ValidationException e) {
          throw new ConfigurationException(key, "names an unknown channel");
        }
      }
    }
    return out;
  }

  private static int intValue(RawConfig raw, String key, int fallback, int min, int max) {
    String v = raw.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw new ConfigurationException(key, n + " is outside " + min + ".." + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ConfigurationException(key, "'" + v + "' is not a whole number");
    }
  }

  private static boolean bool(RawConfig raw, String key, boolean fallback) {
    String v = raw.get(key);
    if (v == null) {
      return fallback;
    }
    return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigurationException(key, "'" + v + "' must be true or false");
    };
  }

  private static Duration duration(RawConfig raw, String key, Duration fallback) {
    String v = raw.get(key);
    return v == null ? fallback : Durations.parse(v, key);
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
