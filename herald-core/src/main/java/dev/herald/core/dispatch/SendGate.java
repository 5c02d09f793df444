package dev.herald.core.dispatch;

import dev.herald.core.message.Message;
import dev.herald.core.store.Completion;
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

  /** Called with each attempt's outcome once it is decided (before it is written). */
  default void attempted(Message m, Completion outcome) {}
}
