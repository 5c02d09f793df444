package dev.herald.core.event;

import dev.herald.core.message.Message;

/**
 * A contact's message was stored for the first time (a redelivered webhook announces nothing).
 *
 * @param message the stored inbound message, with its contact and conversation ids
 * @param keyword the SMS keyword it carried ({@code STOP}, {@code START}, {@code HELP}...), or {@code null}
 */
public record InboundMessageReceived(Message message, String keyword) implements HeraldEvent {}
