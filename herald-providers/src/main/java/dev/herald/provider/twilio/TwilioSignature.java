package dev.herald.provider.twilio;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
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
 *
 * <p>A request whose body is not form parameters (JSON) is signed over its URL alone, and that URL
 * carries {@value #BODY_SHA256}, the lower-case hex SHA-256 of the raw body
 * (https://www.twilio.com/docs/usage/webhooks/webhooks-security, "Validating signatures from
 * Twilio"; https://www.twilio.com/docs/api/errors/57012): the signature vouches for the hash, the
 * hash for the body, as twilio-java's, twilio-node's and twilio-python's body validators check it.
 *
 * <p>The URL is tried in each of its {@link TwilioUrlForms spellings}, as Twilio's helper libraries
 * do. Comparisons are constant-time.
 */
final class TwilioSignature {
  static final String HEADER = "X-Twilio-Signature";
  /** Query parameter of a JSON callback's URL holding the SHA-256 of its body. */
  static final String BODY_SHA256 = "bodySHA256";
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

  /**
   * True when {@code signature} is what Twilio would send for a POST of {@code params} to
   * {@code url} spelt in any of its {@link TwilioUrlForms#of forms}.
   */
  boolean matches(String url, Map<String, List<String>> params, String signature) {
    byte[] given = signature.trim().getBytes(StandardCharsets.US_ASCII);
    boolean matched = false;
    for (String form : TwilioUrlForms.of(url)) {
      matched |= MessageDigest.isEqual(sign(form, params).getBytes(StandardCharsets.US_ASCII), given);
    }
    return matched;
  }

  /**
   * True when {@code signature} signs {@code url} with no parameters and {@code body}'s SHA-256 is the
   * URL's {@value #BODY_SHA256}; false when the URL has none.
   */
  boolean matchesBody(String url, byte[] body, String signature) {
    String declared = bodySha256(url);
    if (declared == null) {
      return false;
    }
    byte[] actual = HexFormat.of().formatHex(sha256(body)).getBytes(StandardCharsets.US_ASCII);
    boolean bodyMatches = MessageDigest.isEqual(actual, declared.getBytes(StandardCharsets.UTF_8));
    return matches(url, Map.of(), signature) & bodyMatches;
  }

  /** The first {@value #BODY_SHA256} query parameter of {@code url}, or {@code null}. */
  static String bodySha256(String url) {
    int q = url.indexOf('?');
    if (q < 0) {
      return null;
    }
    int end = url.indexOf('#', q);
    for (String pair : url.substring(q + 1, end < 0 ? url.length() : end).split("&")) {
      if (pair.startsWith(BODY_SHA256 + "=")) {
        return pair.substring(BODY_SHA256.length() + 1);
      }
    }
    return null;
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
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
