package dev.herald.provider.webhook;

import dev.herald.core.message.Channel;
import dev.herald.core.message.Message;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.DeliveryOutcome.PermanentFailure;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * Delivers webhook-channel messages: POSTs {@link WebhookPayload} to {@code message.to()} with
 * Standard Webhooks headers ({@code webhook-id} = the Herald message id, stable across retries so
 * receivers can deduplicate; {@code webhook-timestamp} = this attempt's unix seconds, from the
 * engine clock; {@code webhook-signature}). The accepted {@code providerMessageId} is the Herald
 * message id. A 2xx means the receiver has the message: it is delivered, and no status callback
 * will follow.
 */
final class WebhookProvider implements ChannelProvider {
  static final String ID = "webhook";

  private final WebhookSettings settings;
  private final Clock clock;
  private final WebhookClient client;

  WebhookProvider(WebhookSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.client = new WebhookClient(settings);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<Channel> channels() {
    return Set.of(Channel.WEBHOOK);
  }

  @Override
  public int maxConcurrency() {
    return settings.concurrency();
  }

  @Override
  public DeliveryOutcome send(Message message) {
    URI url = target(message.to());
    if (url == null) {
      return new PermanentFailure("invalid_url", "'" + message.to() + "' is not an absolute http(s) URL", 0);
    }
    Instant now = clock.instant();
    return dev.herald.provider.http.ProviderCall.run(url.getHost(), () -> WebhookResponses.classify(message.id(),
        client.post(url, message.id(), now.getEpochSecond(), WebhookPayload.of(message)), now));
  }

  private static URI target(String to) {
    if (to == null) {
      return null;
    }
    try {
      URI uri = new URI(to.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
