package dev.herald.core.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publish/subscribe of {@link HeraldEvent}s inside one node. Subscribers run synchronously, in
 * subscription order, on the publisher's thread; they should be quick and hand slow work to their
 * own executor. An exception thrown by a subscriber is logged and does not reach the publisher or
 * the other subscribers.
 */
public final class EventBus {
  private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

  private record Subscriber<E extends HeraldEvent>(Class<E> type, Consumer<? super E> handler) {
    void offer(HeraldEvent event) {
      if (type.isInstance(event)) {
        handler.accept(type.cast(event));
      }
    }
  }

  private final List<Subscriber<?>> subscribers = new CopyOnWriteArrayList<>();

  /** Calls {@code handler} for every later event of {@code type}; returns a handle that unsubscribes. */
  public <E extends HeraldEvent> AutoCloseable subscribe(Class<E> type, Consumer<? super E> handler) {
    Subscriber<E> s = new Subscriber<>(type, handler);
    subscribers.add(s);
    return () -> subscribers.remove(s);
  }

  /** Delivers {@code event} to every matching subscriber. */
  public void publish(HeraldEvent event) {
    for (Subscriber<?> s : subscribers) {
      try {
        s.offer(event);
      } catch (RuntimeException e) {
        LOG.warn("event subscriber failed on {}", event.getClass().getSimpleName(), e);
      }
    }
  }
}
