package dev.herald.provider.vonage;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Vonage's signed-request scheme (Vonage "Signing Messages", section "Manually generate a
 * signature"): take every parameter but {@code sig} (the {@code timestamp} included), sorted by
 * name; skip empty values (as Vonage's own SDKs do); in each value replace {@code &} and {@code =}
 * by {@code _}; join as {@code &name=value&name=value...}. Then:
 *
 * <ul>
 *   <li>{@code md5hash}: hex MD5 of that string with the secret appended;
 *   <li>{@code md5}, {@code sha1}, {@code sha256}, {@code sha512}: hex HMAC of that string keyed
 *       with the secret.
 * </ul>
 * Vonage's libraries emit lower- or upper-case hex depending on method and language, so
 * comparison ignores case; it runs in constant time ({@link MessageDigest#isEqual}).
 */
final class VonageSignature {
  static final String SIG = "sig";

  private final byte[] secret;
  private final VonageSignatureMethod method;

  VonageSignature(String secret, VonageSignatureMethod method) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.method = method;
  }

  /** The string that is hashed: {@code &a=x&b=y...}, {@code sig} and empty values left out. */
  static String canonical(Map<String, String> params) {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(params).forEach((name, value) -> {
      if (!name.equals(SIG) && value != null && !value.isBlank()) {
        sb.append('&').append(clean(name)).append('=').append(clean(value));
      }
    });
    return sb.toString();
  }

  /** The signature of {@code params}, lower-case hex. */
  String sign(Map<String, String> params) {
    byte[] input = canonical(params).getBytes(StandardCharsets.UTF_8);
    try {
      if (method.macAlgorithm() == null) {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update(input);
        return HexFormat.of().formatHex(md5.digest(secret));
      }
      Mac mac = Mac.getInstance(method.macAlgorithm());
      mac.init(new SecretKeySpec(secret, method.macAlgorithm()));
      return HexFormat.of().formatHex(mac.doFinal(input));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks " + method + " support", e);
    }
  }

  /** True when {@code sig} is the signature of {@code params} (hex, either case). */
  boolean verify(Map<String, String> params, String sig) {
    byte[] expected = sign(params).getBytes(StandardCharsets.US_ASCII);
    byte[] given = sig.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }

  private static String clean(String s) {
    return s.replace('&', '_').replace('=', '_');
  }
}
