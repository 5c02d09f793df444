package dev.herald.provider.twilio;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's request signature, sent as {@value #HEADER}
 * (https://www.twilio.com/docs/usage/security#validating-requests): take the full URL Twilio
 * called, query string included; append every POST parameter sorted by name (case-sensitive,
 * code-unit order), each name immediately followed by its value, with no separators; a repeated
 * name contributes name and value once per distinct value, values sorted, as Twilio's own helper
 * libraries do; sign that string with HMAC-SHA1 keyed by the account's auth token; Base64-encode.
 * Comparison is constant-time.
 */
final class TwilioSignature {
  static final String HEADER = "X-Twilio-Signature";
  private static final String ALGORITHM = "HmacSHA1";

  private final SecretKeySpec key;

  TwilioSignature(String authToken) {
    this.key = new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  /** The Base64 signature Twilio sends for a POST of {@code params} to {@code url}. */
  String sign(String url, Map<String, List<String>> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((name, values) ->
        values.stream().distinct().sorted().forEach(v -> data.append(name).append(v)));
    return Base64.getEncoder().encodeToString(hmac(data.toString()));
  }

  /** True when {@code signature} is what Twilio would send for this URL and these parameters. */
  boolean matches(String url, Map<String, List<String>> params, String signature) {
    byte[] expected = sign(url, params).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII));
  }

  private byte[] hmac(String data) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA1 is required of every Java platform", e);
    }
  }
}
