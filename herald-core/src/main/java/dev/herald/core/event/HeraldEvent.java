package dev.herald.core.event;

/** Something the engine announces on the {@link EventBus}. */
public sealed interface HeraldEvent
    permits InboundMessageReceived, MessageStatusChanged, ConsentChanged {}
