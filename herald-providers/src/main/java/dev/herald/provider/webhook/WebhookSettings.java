package dev.herald.provider.webhook;

import dev.herald.core.error.ConfigurationException;
import dev.herald.core.provider.ProviderConfig;
import java.time.Duration;

/**
 * The {@code webhook} provider's configuration, validated when built.
 *
 * @param signature signer built from {@code webhook.secret} ({@code whsec_<base64>}, required,
 *     24 to 64 bytes once decoded as the Standard Webhooks specification asks)
 * @param timeout connect and request limit ({@code webhook.timeout}, default 10s)
 * @param concurrency most requests in flight ({@code webhook.concurrency}, default 64)
 */
record WebhookSettings(StandardWebhookSignature signature, Duration timeout, int concurrency) {
  WebhookSettings {
    if (timeout.isZero() || timeout.isNegative()) {
      throw new ConfigurationException("webhook.timeout", "must be positive");
    }
    if (concurrency < 1) {
      throw new ConfigurationException("webhook.concurrency", "must be at least 1");
    }
  }

  static WebhookSettings from(ProviderConfig c) {
    return new WebhookSettings(
        signature(c.require("secret"), c.fullKey("secret")),
        c.getDuration("timeout", Duration.ofSeconds(10)),
        c.getInt("concurrency", 64));
  }

  private static StandardWebhookSignature signature(String secret, String key) {
    StandardWebhookSignature signature;
    try {
      signature = new StandardWebhookSignature(secret);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(key, e.getMessage());
    }
    if (signature.keyLength() < 24 || signature.keyLength() > 64) {
      throw new ConfigurationException(key, "decodes to " + signature.keyLength()
          + " bytes; Standard Webhooks secrets are 24 to 64 random bytes");
    }
    return signature;
  }
}
