package dev.herald.provider.simulator;

import dev.herald.core.message.Channel;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.ChannelProviderFactory;
import dev.herald.core.provider.ProviderContext;
import java.util.EnumSet;
import java.util.Set;

/**
 * The built-in {@code simulator} provider for every channel. Configuration keys (prefix
 * {@code simulator.}): {@code latency} (e.g. {@code 50ms}), {@code latency_jitter} (± around the
 * latency), {@code failure_rate} (0 to 1, transient failures), {@code callback_delay} (wait before
 * the asynchronous delivery report), {@code concurrency}.
 */
public final class SimulatorFactory implements ChannelProviderFactory {
  @Override
  public String id() {
    return SimulatorProvider.ID;
  }

  @Override
  public Set<Channel> channels() {
    return EnumSet.allOf(Channel.class);
  }

  @Override
  public ChannelProvider create(ProviderContext context) {
    return new SimulatorProvider(SimulatorSettings.from(context.config()), context);
  }
}
