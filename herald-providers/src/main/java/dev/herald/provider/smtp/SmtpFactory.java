package dev.herald.provider.smtp;

import dev.herald.core.message.Channel;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.ChannelProviderFactory;
import dev.herald.core.provider.ProviderContext;
import java.util.Set;

/**
 * The {@code smtp} provider for the email channel. Configuration keys (prefix {@code smtp.}):
 * {@code host} (required), {@code port} (default 587), {@code tls} ({@code none} | {@code starttls}
 * | {@code tls}, default {@code starttls}), {@code username}, {@code password} (required with a
 * username), {@code from} (default sender), {@code timeout} (connect, read and write limit, default
 * {@code 10s}), {@code concurrency} (most open connections, default 8). No webhook receiver: SMTP
 * reports nothing after it accepts a message.
 */
public final class SmtpFactory implements ChannelProviderFactory {
  @Override
  public String id() {
    return SmtpProvider.ID;
  }

  @Override
  public Set<Channel> channels() {
    return Set.of(Channel.EMAIL);
  }

  @Override
  public ChannelProvider create(ProviderContext context) {
    return new SmtpProvider(SmtpSettings.from(context.config()), context.clock());
  }
}
