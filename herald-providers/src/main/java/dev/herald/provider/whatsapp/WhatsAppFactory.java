package dev.herald.provider.whatsapp;

import dev.herald.core.message.Channel;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.ChannelProviderFactory;
import dev.herald.core.provider.ProviderContext;
import java.util.Set;

/**
 * The {@code whatsapp} provider (Meta WhatsApp Cloud API) for the {@code whatsapp} channel.
 * Configuration keys (prefix {@code whatsapp.}): {@code access_token}, {@code phone_number_id},
 * {@code app_secret}, {@code verify_token} (all required), {@code base_url} (default
 * {@code https://graph.facebook.com}), {@code api_version} (default {@code v23.0}), {@code timeout}
 * (default {@code 10s}). See {@link WhatsAppSettings}.
 */
public final class WhatsAppFactory implements ChannelProviderFactory {
  @Override
  public String id() {
    return WhatsAppProvider.ID;
  }

  @Override
  public Set<Channel> channels() {
    return Set.of(Channel.WHATSAPP);
  }

  @Override
  public ChannelProvider create(ProviderContext context) {
    return new WhatsAppProvider(WhatsAppSettings.from(context.config()), context.clock(),
        context.config().getInt("rate", 80));
  }
}
