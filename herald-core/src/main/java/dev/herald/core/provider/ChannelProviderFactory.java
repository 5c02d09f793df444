package dev.herald.core.provider;

import dev.herald.core.message.Channel;
import java.util.Set;

/**
 * Creates a {@link ChannelProvider} from configuration. Registered in
 * {@code META-INF/services/dev.herald.core.provider.ChannelProviderFactory}: a new provider is one
 * package plus that one line.
 */
public interface ChannelProviderFactory {
  /** Provider id; also the prefix of its configuration keys ({@code smtp.host}...). */
  String id();

  /** Channels the created provider serves. */
  Set<Channel> channels();

  /**
   * Builds the provider.
   *
   * @throws dev.herald.core.error.ConfigurationException naming the key when configuration is invalid
   */
  ChannelProvider create(ProviderContext context);
}
