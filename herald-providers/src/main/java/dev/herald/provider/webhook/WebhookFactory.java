package dev.herald.provider.webhook;

import dev.herald.core.message.Channel;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.ChannelProviderFactory;
import dev.herald.core.provider.ProviderContext;
import java.util.Set;

/**
 * The {@code webhook} provider for the webhook channel. Configuration keys (prefix
 * {@code webhook.}): {@code secret} (required, {@code whsec_<base64>} of 24 to 64 random bytes,
 * shared with the receivers that verify), {@code timeout} (default {@code 10s}),
 * {@code concurrency} (default 64). No webhook receiver: the receiver's 2xx is the delivery.
 */
public final class WebhookFactory implements ChannelProviderFactory {
  @Override
  public String id() {
    return WebhookProvider.ID;
  }

  @Override
  public Set<Channel> channels() {
    return Set.of(Channel.WEBHOOK);
  }

  @Override
  public ChannelProvider create(ProviderContext context) {
    return new WebhookProvider(WebhookSettings.from(context.config()), context.clock());
  }
}
