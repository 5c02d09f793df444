package dev.herald.provider.sendgrid;

import dev.herald.core.message.Channel;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.ChannelProviderFactory;
import dev.herald.core.provider.ProviderContext;
import java.util.Set;

/**
 * The {@code sendgrid} provider for the {@code email} channel. Configuration keys (prefix
 * {@code sendgrid.}): {@code api_key}, {@code from}, {@code webhook_public_key} (required),
 * {@code from_name}, {@code base_url} (default {@code https://api.sendgrid.com}),
 * {@code webhook_max_age} (default {@code 5m}), {@code timeout} (default {@code 10s}). See
 * {@link SendGridSettings}.
 */
public final class SendGridFactory implements ChannelProviderFactory {
  @Override
  public String id() {
    return SendGridProvider.ID;
  }

  @Override
  public Set<Channel> channels() {
    return Set.of(Channel.EMAIL);
  }

  @Override
  public ChannelProvider create(ProviderContext context) {
    return new SendGridProvider(SendGridSettings.from(context.config()), context.clock());
  }
}
