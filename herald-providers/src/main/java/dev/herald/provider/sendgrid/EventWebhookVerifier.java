package dev.herald.provider.sendgrid;

import dev.herald.core.error.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Checks SendGrid's Signed Event Webhook (Twilio SendGrid, "Getting Started with the Event Webhook
 * Security Features"): {@code X-Twilio-Email-Event-Webhook-Signature} is the base64 DER of an
 * ECDSA P-256 / SHA-256 signature over the bytes of the {@code X-Twilio-Email-Event-Webhook-Timestamp}
 * header (Unix seconds) followed by the raw body. A batch whose timestamp lies further than the
 * maximum age from the clock, in either direction, is refused as a replay.
 */
final class EventWebhookVerifier {
  static final String SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";
  static final String TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";

  /** What a check found. */
  enum Verdict {
    VALID,
    /** The signature or timestamp header is absent. */
    MISSING,
    /** The signature is malformed or does not verify. */
    BAD_SIGNATURE,
    /** The signature verifies but the timestamp is too old (or too far ahead). */
    STALE
  }

  private final PublicKey key;
  private final Duration maxAge;
  private final Clock clock;

  EventWebhookVerifier(PublicKey key, Duration maxAge, Clock clock) {
    this.key = key;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  Verdict check(String signature, String timestamp, byte[] body) {
    if (signature == null || signature.isBlank() || timestamp == null || timestamp.isBlank()) {
      return Verdict.MISSING;
    }
    if (!verifies(signature.trim(), timestamp, body)) {
      return Verdict.BAD_SIGNATURE;
    }
    try {
      Duration age = Duration.between(Instant.ofEpochSecond(Long.parseLong(timestamp.trim())), clock.instant());
      return age.abs().compareTo(maxAge) > 0 ? Verdict.STALE : Verdict.VALID;
    } catch (NumberFormatException e) {
      return Verdict.BAD_SIGNATURE;
    }
  }

  private boolean verifies(String signature, String timestamp, byte[] body) {
    try {
      Signature ecdsa = Signature.getInstance("SHA256withECDSA");
      ecdsa.initVerify(key);
      ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
      ecdsa.update(body);
      return ecdsa.verify(Base64.getDecoder().decode(signature));
    } catch (IllegalArgumentException | GeneralSecurityException malformed) {
      return false;
    }
  }

  /**
   * Reads the verification key as SendGrid shows it: base64 of the DER {@code SubjectPublicKeyInfo}
   * (PEM armour and line breaks are tolerated).
   *
   * @throws ConfigurationException naming {@code configKey} when it is not an EC P-256 public key
   */
  static PublicKey publicKey(String value, String configKey) {
    String base64 = value.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
    try {
      byte[] der = Base64.getDecoder().decode(base64);
      PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
      if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
        throw new ConfigurationException(configKey, "is not an ECDSA P-256 public key");
      }
      return key;
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new ConfigurationException(configKey, "is not a base64 DER public key: " + e.getMessage());
    }
  }
}
