package dev.herald.core.dispatch;

import dev.herald.core.message.Message;
import dev.herald.core.store.Completion;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a claimed message just before it is sent, and hears how each attempt ended. A message the
 * gate stops ends {@code suppressed}: no provider is called, nothing is billed, the reason is
 * recorded. The default gate lets everything through and listens to nothing.
 */
public interface SendGate {
  /** Lets every message through. */
  SendGate OPEN = m -> Optional.empty();

  /** Why {@code m} must not be sent, or empty when it may go. Must not throw for bad data. */
  Optional<String> check(Message m);

  /**
   * {@link #check} for a claimed batch: why each message that must not be sent must not, by message
   * id (the others are absent). Gates backed by a database answer a batch in one query; this default
   * asks message by message.
   */
  default Map<String, String> checkAll(List<Message> messages) {
    Map<String, String> out = new HashMap<>();
    for (Message m : messages) {
      check(m).ifPresent(why -> out.put(m.id(), why));
    }
    return out;
  }

  /** Called with each attempt's outcome once it is decided (before it is written). */
  default void attempted(Message m, Completion outcome) {}
}
