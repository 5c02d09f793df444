package dev.herald.provider.vonage;

import dev.herald.core.error.ConfigurationException;
import dev.herald.core.provider.ProviderConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Currency;
import java.util.Locale;

/**
 * The {@code vonage} provider's configuration, validated when built.
 *
 * @param apiKey account API key ({@code vonage.api_key}, required)
 * @param apiSecret account API secret ({@code vonage.api_secret}, required)
 * @param signatureSecret secret delivery receipts are signed with ({@code vonage.signature_secret});
 *     without it every receipt is refused, since none can be verified
 * @param signatureMethod how receipts are signed ({@code vonage.signature_method}, default sha256)
 * @param from default sender: a number in E.164 or an alphanumeric sender id ({@code vonage.from})
 * @param baseUrl SMS API base, no trailing slash ({@code vonage.base_url}, default https://rest.nexmo.com)
 * @param timeout connect and request limit ({@code vonage.timeout}, default 10s)
 * @param currency ISO 4217 code of the prices Vonage reports, which carry none
 *     ({@code vonage.currency}, default EUR, the currency Vonage accounts are billed in by default)
 * @param concurrency most requests in flight ({@code vonage.concurrency}, default 16)
 */
record VonageSettings(
    String apiKey,
    String apiSecret,
    String signatureSecret,
    VonageSignatureMethod signatureMethod,
    String from,
    String baseUrl,
    Duration timeout,
    String currency,
    int concurrency) {

  VonageSettings {
    URI uri = URI.create(baseUrl);
    if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
      throw new ConfigurationException("vonage.base_url", "'" + baseUrl + "' is not an http(s) URL");
    }
    baseUrl = baseUrl.replaceAll("/+$", "");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new ConfigurationException("vonage.timeout", "must be positive");
    }
    try {
      currency = Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getCurrencyCode();
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("vonage.currency", "'" + currency + "' is not an ISO 4217 currency code");
    }
    if (concurrency < 1) {
      throw new ConfigurationException("vonage.concurrency", "must be at least 1");
    }
  }

  static VonageSettings from(ProviderConfig c) {
    String baseUrl = c.get("base_url", "https://rest.nexmo.com");
    try {
      URI.create(baseUrl);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(c.fullKey("base_url"), "'" + baseUrl + "' is not a URL");
    }
    return new VonageSettings(
        c.require("api_key"),
        c.require("api_secret"),
        c.get("signature_secret", null),
        VonageSignatureMethod.parse(c.get("signature_method", "sha256"), c.fullKey("signature_method")),
        c.get("from", null),
        baseUrl,
        c.getDuration("timeout", Duration.ofSeconds(10)),
        c.get("currency", "EUR"),
        c.getInt("concurrency", 16));
  }

  /** Secrets hidden, so that settings can be logged. */
  @Override
  public String toString() {
    return "VonageSettings[apiKey=" + apiKey + ", signatureMethod=" + signatureMethod + ", from=" + from
        + ", baseUrl=" + baseUrl + ", timeout=" + timeout + ", currency=" + currency + "]";
  }
}
