package dev.herald.server.dashboard;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dashboard sessions in memory: a random token (the cookie) maps to the tenant, the signed-in key's
 * description and a CSRF token, until it expires or the operator signs out. Sessions are per node
 * and end with the process (the operator signs in again).
 */
public final class Sessions {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One signed-in operator. */
  public record Session(String tenant, String operator, String csrf, Instant expiresAt) {
    /** Whether {@code presented} is this session's CSRF token (compared in constant time). */
    public boolean csrfMatches(String presented) {
      return presented != null && MessageDigest.isEqual(csrf.getBytes(), presented.getBytes());
    }
  }

  private final Map<String, Session> byToken = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration ttl;

  public Sessions(Clock clock, Duration ttl) {
    this.clock = clock;
    this.ttl = ttl;
  }

  /** A fresh unguessable token. */
  static String token() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Opens a session and returns its cookie token. */
  public String open(String tenant, String operator) {
    Instant now = clock.instant();
    byToken.values().removeIf(s -> !s.expiresAt().isAfter(now));
    String t = token();
    byToken.put(t, new Session(tenant, operator, token(), now.plus(ttl)));
    return t;
  }

  /** The live session of a cookie token; an expired one is forgotten. */
  public Optional<Session> find(String token) {
    if (token == null) {
      return Optional.empty();
    }
    Session s = byToken.get(token);
    if (s != null && !s.expiresAt().isAfter(clock.instant())) {
      byToken.remove(token);
      return Optional.empty();
    }
    return Optional.ofNullable(s);
  }

  /** Ends a session (signing out). */
  public void close(String token) {
    if (token != null) {
      byToken.remove(token);
    }
  }

  public Duration ttl() {
    return ttl;
  }
}
