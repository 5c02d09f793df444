package dev.herald.provider.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Symmetric signatures of the Standard Webhooks specification
 * (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md,
 * "Signature scheme" and "Verifying signatures").
 *
 * <p>The secret is serialised as {@code whsec_<base64>}; the HMAC key is the base64-decoded part
 * (a bare base64 string without the prefix is accepted too). The signed content is
 * {@code <webhook-id>.<webhook-timestamp>.<raw body>}, the signature
 * {@code v1,<base64 HMAC-SHA256>}. A {@code webhook-signature} header may carry several
 * space-separated signatures (key rotation); one matching {@code v1} entry is enough, and entries
 * of other schemes (such as {@code v1a}) are skipped. Comparison is constant-time. Immutable and
 * thread-safe.
 */
public final class StandardWebhookSignature {
  /** Prefix of a serialised symmetric secret. */
  public static final String SECRET_PREFIX = "whsec_";
  /** The tolerance the specification's reference libraries use for {@code webhook-timestamp}. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
  private static final String ALGORITHM = "HmacSHA256";
  private static final String VERSION = "v1";

  /** Outcome of {@link #verify}. */
  public enum Verdict {
    /** A {@code v1} signature matches and the timestamp is within tolerance. */
    VALID,
    /** The id, timestamp or signature header is absent or blank (answer 401). */
    MISSING,
    /** The timestamp is not unix seconds, or further from {@code now} than the tolerance (answer 403). */
    STALE,
    /** No signature matches the content: tampered, wrong secret, or not signed by us (answer 403). */
    MISMATCH;

    public boolean isValid() {
      return this == VALID;
    }
  }

  private final SecretKeySpec key;

  /**
   * @param secret {@code whsec_<base64>} (or the bare base64 part)
   * @throws IllegalArgumentException when the secret is empty or not base64
   */
  public StandardWebhookSignature(String secret) {
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("the webhook secret is empty");
    }
    String encoded = secret.trim().startsWith(SECRET_PREFIX) ? secret.trim().substring(SECRET_PREFIX.length()) : secret.trim();
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the webhook secret is not whsec_ followed by base64", e);
    }
    if (bytes.length == 0) {
      throw new IllegalArgumentException("the webhook secret is empty");
    }
    this.key = new SecretKeySpec(bytes, ALGORITHM);
  }

  /** Length of the decoded key in bytes (the specification asks for 24 to 64). */
  public int keyLength() {
    return key.getEncoded().length;
  }

  /** The {@code webhook-signature} value for one delivery: {@code v1,<base64>}. */
  public String sign(String id, long timestampSeconds, byte[] body) {
    return VERSION + "," + Base64.getEncoder().encodeToString(mac(id, String.valueOf(timestampSeconds), body));
  }

  /**
   * Checks a received delivery.
   *
   * @param timestamp the {@code webhook-timestamp} header as received (unix seconds)
   * @param body the raw body bytes exactly as received
   * @param signatureHeader the {@code webhook-signature} header
   * @param tolerance how far the timestamp may be from {@code now}, either way
   */
  public Verdict verify(String id, String timestamp, byte[] body, String signatureHeader, Instant now, Duration tolerance) {
    if (blank(id) || blank(timestamp) || blank(signatureHeader) || body == null) {
      return Verdict.MISSING;
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return Verdict.STALE;
    }
    if (Duration.between(Instant.ofEpochSecond(seconds), now).abs().compareTo(tolerance) > 0) {
      return Verdict.STALE;
    }
    byte[] expected = mac(id, timestamp.trim(), body);
    for (String entry : signatureHeader.trim().split(" +")) {
      int comma = entry.indexOf(',');
      if (comma > 0 && entry.substring(0, comma).equals(VERSION) && matches(expected, entry.substring(comma + 1))) {
        return Verdict.VALID;
      }
    }
    return Verdict.MISMATCH;
  }

  private static boolean matches(byte[] expected, String base64) {
    try {
      return MessageDigest.isEqual(expected, Base64.getDecoder().decode(base64));
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
  }

  private byte[] mac(String id, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("HMAC key rejected", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks " + ALGORITHM, e);
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  @Override
  public String toString() {
    return "StandardWebhookSignature[key hidden, " + keyLength() + " bytes]";
  }
}
