package dev.herald.provider.vonage;

import dev.herald.core.error.ConfigurationException;
import java.util.Locale;

/**
 * How Vonage signs requests with the account's signature secret ({@code vonage.signature_method},
 * the choice made in the Vonage dashboard). Vonage "Signing Messages": the default dashboard
 * setting is "MD5 hash"; MD5, SHA-1, SHA-256 and SHA-512 HMAC are also offered.
 */
public enum VonageSignatureMethod {
  /** MD5 of the parameter string with the secret appended (lower-case hex). */
  MD5HASH(null),
  MD5("HmacMD5"),
  SHA1("HmacSHA1"),
  SHA256("HmacSHA256"),
  SHA512("HmacSHA512");

  private final String macAlgorithm;

  VonageSignatureMethod(String macAlgorithm) {
    this.macAlgorithm = macAlgorithm;
  }

  /** The JCA {@code Mac} algorithm, or {@code null} for {@link #MD5HASH}. */
  String macAlgorithm() {
    return macAlgorithm;
  }

  /** @throws ConfigurationException naming {@code key} when {@code value} is not a method */
  static VonageSignatureMethod parse(String value, String key) {
    return switch (value.trim().toLowerCase(Locale.ROOT).replace("-", "")) {
      case "md5hash" -> MD5HASH;
      case "md5", "hmacmd5" -> MD5;
      case "sha1", "hmacsha1" -> SHA1;
      case "sha256", "hmacsha256" -> SHA256;
      case "sha512", "hmacsha512" -> SHA512;
      default -> throw new ConfigurationException(key,
          "'" + value + "' is not a signature method; expected md5hash, md5, sha1, sha256 or sha512");
    };
  }
}
