package dev.herald.server.api;

import dev.herald.core.store.MessageStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys: {@code hk_} + 32 random base62 characters when Herald generates one, at least 20
 * characters when configured; only their SHA-256 is stored, with where the key came from
 * ({@link MessageStore.ApiKeyOrigin}). A high-entropy random key needs no slow password hash:
 * SHA-256 cannot be reversed to a 190-bit secret.
 */
public final class ApiKeys {
  private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Characters of a key kept in clear ({@code hk_} and four more): enough to tell keys apart. */
  private static final int PREFIX_LENGTH = 7;
  private static final MessageDigest SHA_256 = sha256();
  private final MessageStore store;
  private final ConcurrentHashMap<String, String> tenantsByHash = new ConcurrentHashMap<>();

  public ApiKeys(MessageStore store) {
    this.store = store;
  }

  /** A new random key. */
  public static String generate() {
    StringBuilder b = new StringBuilder("hk_");
    for (int i = 0; i < 32; i++) {
      b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  /** Hex SHA-256 of the key. */
  public static String hash(String key) {
    MessageDigest sha256;
    try {
      // Cloning a prototype skips the provider look-up of getInstance, most of the cost for a short key.
      sha256 = (MessageDigest) SHA_256.clone();
    } catch (CloneNotSupportedException e) {
      sha256 = sha256();
    }
    return HexFormat.of().formatHex(sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What start-up did with the keys.
   *
   * @param generated the key generated for a store that had none, to show once; null when none was
   * @param revoked the prefixes of the keys the configured one replaced
   */
  public record StartUp(String generated, java.util.List<String> revoked) {}

  /**
   * At start, before serving: the configured key becomes tenant {@code default}'s and revokes the
   * key configured before it and the one generated at a first start; keys {@link #add}ed otherwise
   * stay. With no key configured, the stored keys stay as they are, and a store holding none gets a
   * generated one.
   *
   * @param configuredKey {@code api_key}, or null
   */
  public StartUp startUp(String configuredKey, Instant now) {
    if (configuredKey != null) {
      return new StartUp(null, store.replaceConfiguredApiKey("default", hash(configuredKey), prefix(configuredKey), now));
    }
    if (store.apiKeyCount() > 0) {
      return new StartUp(null, java.util.List.of());
    }
    String key = generate();
    store.addApiKey("default", hash(key), prefix(key), MessageStore.ApiKeyOrigin.GENERATED, now);
    return new StartUp(key, java.util.List.of());
  }

  /** Stores a key for a tenant; no configured key replaces it. */
  public void add(String tenantId, String key, Instant now) {
    store.addApiKey(tenantId, hash(key), prefix(key), MessageStore.ApiKeyOrigin.ADDED, now);
  }

  /** The first characters of a key, stored beside its hash to tell keys apart; never enough to use it. */
  static String prefix(String key) {
    return key.substring(0, Math.min(PREFIX_LENGTH, key.length()));
  }

  /**
   * The key as a record of what its caller did names it: by its stored prefix, never whole (e.g.
   * {@code API key hk_AbCd…}).
   */
  public static String describe(String key) {
    return "API key " + prefix(key) + "…";
  }

  /**
   * The tenant of a presented key. Lookups are cached: keys are revoked only by a start, before it
   * serves; a node sharing a PostgreSQL database with the one that revoked a key accepts the key
   * it cached until it restarts too.
   */
  public Optional<String> tenantOf(String key) {
    String h = hash(key);
    String cached = tenantsByHash.get(h);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<String> tenant = store.tenantForApiKey(h);
    tenant.ifPresent(t -> tenantsByHash.put(h, t));
    return tenant;
  }
}
