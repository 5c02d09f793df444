package dev.herald.server;

import dev.herald.core.message.Channel;
import dev.herald.core.message.Message;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.DeliveryOutcome;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A provider that answers from a script of outcomes (the last one repeats), recording every call.
 * It stands in for a real provider where a test needs exact control of outcomes and timing.
 */
final class ScriptedProvider implements ChannelProvider {
  private final String id;
  private final ConcurrentLinkedQueue<DeliveryOutcome> script;
  private volatile DeliveryOutcome last;
  final List<Message> calls = new CopyOnWriteArrayList<>();

  ScriptedProvider(String id, DeliveryOutcome... outcomes) {
    this.id = id;
    this.script = new ConcurrentLinkedQueue<>(List.of(outcomes));
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Set<Channel> channels() {
    return EnumSet.allOf(Channel.class);
  }

  @Override
  public DeliveryOutcome send(Message message) {
    calls.add(message);
    DeliveryOutcome next = script.poll();
    if (next != null) {
      last = next;
    }
    return last;
  }
}
