package dev.herald.provider.vonage;

import dev.herald.core.message.Channel;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.ChannelProviderFactory;
import dev.herald.core.provider.ProviderContext;
import java.util.Set;

/**
 * The {@code vonage} provider for the SMS channel. Configuration keys (prefix {@code vonage.}):
 * {@code api_key} and {@code api_secret} (required), {@code signature_secret} (verifies delivery
 * receipts; without it every receipt is refused), {@code signature_method} ({@code md5hash} |
 * {@code md5} | {@code sha1} | {@code sha256} | {@code sha512}, default {@code sha256}, as chosen
 * in the Vonage dashboard), {@code from} (default sender), {@code base_url} (default
 * {@code https://rest.nexmo.com}), {@code timeout} (default {@code 10s}), {@code currency} (of
 * reported prices, default {@code EUR}), {@code concurrency} (default 16). Delivery receipts:
 * {@code {publicBaseUrl}/webhooks/vonage/status}, set per message as the {@code callback}.
 */
public final class VonageFactory implements ChannelProviderFactory {
  @Override
  public String id() {
    return VonageProvider.ID;
  }

  @Override
  public Set<Channel> channels() {
    return Set.of(Channel.SMS);
  }

  @Override
  public ChannelProvider create(ProviderContext context) {
    return new VonageProvider(VonageSettings.from(context.config()), context);
  }
}
