package dev.herald.server.config;

import dev.herald.core.consent.ConsentSettings;
import dev.herald.core.consent.KeywordReplies;
import dev.herald.core.error.ConfigurationException;
import dev.herald.core.provider.Durations;
import dev.herald.core.responder.ResponderSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Configuration of contacts, consent, conversations, inbound traffic and the responder, read from
 * the same {@link RawConfig} as {@link HeraldConfig}: {@code inbound_tenant},
 * {@code conversation_ttl}, {@code conversation_sweep_interval}, {@code consent.*} and
 * {@code responder.*}. Validated at start; an unknown or bad key stops start-up naming it.
 *
 * @param responder present when {@code responder.base_url} is set
 */
public record EngagementConfig(String inboundTenant, Duration conversationTtl, Duration conversationSweep,
    ConsentSettings consent, Optional<ResponderSettings> responder) {

  private static final Set<String> REPLY_KEYS = Set.of("stop_reply", "start_reply", "help_reply");
  private static final Set<String> RESPONDER_KEYS = Set.of("base_url", "model", "api_key", "system_prompt", "timeout");

  /** @throws ConfigurationException naming the first bad key */
  public static EngagementConfig from(RawConfig raw) {
    String tenant = raw.get("inbound_tenant") == null ? "default" : raw.get("inbound_tenant");
    Duration ttl = positive(raw, "conversation_ttl", Duration.ofHours(24));
    Duration sweep = positive(raw, "conversation_sweep_interval", Duration.ofMinutes(1));
    return new EngagementConfig(tenant, ttl, sweep, consent(raw.section("consent")), responder(raw.section("responder")));
  }

  private static ConsentSettings consent(Map<String, String> keys) {
    Map<String, Map<String, String>> tenants = new HashMap<>();
    boolean optIn = false;
    for (Map.Entry<String, String> e : keys.entrySet()) {
      String k = e.getKey();
      String[] parts = k.split("\\.");
      if (k.equals("marketing_requires_opt_in")) {
        optIn = bool("consent." + k, e.getValue());
      } else if (parts.length == 3 && parts[0].equals("tenants") && REPLY_KEYS.contains(parts[2])) {
        tenants.computeIfAbsent(parts[1], t -> new HashMap<>()).put(parts[2], e.getValue());
      } else if (!REPLY_KEYS.contains(k)) {
        throw new ConfigurationException("consent." + k, "is not a consent key; expected stop_reply, start_reply, help_reply, "
            + "marketing_requires_opt_in or tenants.<tenant>.<reply key>");
      }
    }
    KeywordReplies base = replies(keys, KeywordReplies.DEFAULT);
    Map<String, KeywordReplies> perTenant = new HashMap<>();
    tenants.forEach((t, v) -> perTenant.put(t, replies(v, base)));
    return new ConsentSettings(base, perTenant, optIn);
  }

  private static KeywordReplies replies(Map<String, String> keys, KeywordReplies fallback) {
    return new KeywordReplies(keys.getOrDefault("stop_reply", fallback.stop()),
        keys.getOrDefault("start_reply", fallback.start()), keys.getOrDefault("help_reply", fallback.help()));
  }

  private static Optional<ResponderSettings> responder(Map<String, String> keys) {
    keys.keySet().stream().filter(k -> !RESPONDER_KEYS.contains(k)).findFirst().ifPresent(k -> {
      throw new ConfigurationException("responder." + k, "is not a responder key; expected one of " + RESPONDER_KEYS);
    });
    String base = blankToNull(keys.get("base_url"));
    if (base == null) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(base);
    } catch (URISyntaxException e) {
      throw new ConfigurationException("responder.base_url", "'" + base + "' is not a URL");
    }
    Duration timeout = keys.get("timeout") == null ? Duration.ofSeconds(30) : Durations.parse(keys.get("timeout"), "responder.timeout");
    return Optional.of(new ResponderSettings(uri, blankToNull(keys.get("model")), blankToNull(keys.get("api_key")),
        keys.get("system_prompt"), timeout));
  }

  private static Duration positive(RawConfig raw, String key, Duration fallback) {
    Duration d = raw.get(key) == null ? fallback : Durations.parse(raw.get(key), key);
    if (d.isZero() || d.isNegative()) {
      throw new ConfigurationException(key, "must be positive");
    }
    return d;
  }

  private static boolean bool(String key, String value) {
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new ConfigurationException(key, "'" + value + "' is not true or false");
    };
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v.trim();
  }
}
