package dev.herald.provider.whatsapp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks Meta's {@code X-Hub-Signature-256} header: {@code sha256=} followed by the lower-case hex
 * HMAC-SHA256 of the raw request body keyed with the app secret (Meta Graph API Webhooks,
 * "Validate payloads"). The comparison is constant-time.
 */
final class HubSignatureVerifier {
  static final String HEADER = "X-Hub-Signature-256";
  private static final String PREFIX = "sha256=";
  private static final String ALGORITHM = "HmacSHA256";

  /** What a check found. */
  enum Verdict {
    VALID,
    /** No header at all. */
    MISSING,
    /** A header that is malformed or does not match the body. */
    MISMATCH
  }

  private final SecretKeySpec key;

  HubSignatureVerifier(String appSecret) {
    this.key = new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  Verdict check(String header, byte[] body) {
    if (header == null || header.isBlank()) {
      return Verdict.MISSING;
    }
    String value = header.trim();
    if (!value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return Verdict.MISMATCH;
    }
    byte[] given = value.substring(PREFIX.length()).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    byte[] expected = sign(body).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(given, expected) ? Verdict.VALID : Verdict.MISMATCH;
  }

  /** Lower-case hex HMAC-SHA256 of {@code body}. */
  String sign(byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
    }
  }
}
