package dev.herald.core.consent;

import dev.herald.core.message.Channel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One-click unsubscribe links (RFC 8058) for marketing email. The token carries tenant, channel and
 * address, signed with HMAC-SHA256 under a secret shared by every node, so a link cannot be forged
 * or altered to unsubscribe someone else.
 */
public final class UnsubscribeLinks {
  /** Path prefix of the links on Herald's public base URL. */
  public static final String PATH = "/unsubscribe/";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** What a verified token names. */
  public record Target(String tenantId, Channel channel, String address) {}

  private final byte[] secret;
  private final String publicBaseUrl;

  public UnsubscribeLinks(String secret, String publicBaseUrl) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.publicBaseUrl = publicBaseUrl;
  }

  /** The absolute unsubscribe URL for an address. */
  public String url(String tenantId, Channel channel, String address) {
    String payload = B64.encodeToString((tenantId + "\n" + channel.wireName() + "\n" + address).getBytes(StandardCharsets.UTF_8));
    return publicBaseUrl + PATH + payload + "." + B64.encodeToString(mac(payload));
  }

  /** The target of a token whose signature verifies. */
  public Optional<Target> verify(String token) {
    int dot = token == null ? -1 : token.indexOf('.');
    if (dot < 1) {
      return Optional.empty();
    }
    String payload = token.substring(0, dot);
    try {
      byte[] given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
      if (!MessageDigest.isEqual(given, mac(payload))) {
        return Optional.empty();
      }
      String[] parts = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8).split("\n", 3);
      return parts.length == 3 ? Optional.of(new Target(parts[0], Channel.parse(parts[1], "channel"), parts[2]))
          : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private byte[] mac(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
    }
  }
}
