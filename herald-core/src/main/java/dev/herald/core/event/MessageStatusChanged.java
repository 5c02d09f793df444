package dev.herald.core.event;

import dev.herald.core.message.MessageStatus;

/**
 * A message moved to a new status, by a provider's report or by a send attempt's outcome.
 *
 * @param messageId Herald's id when known, else {@code null} (then {@code provider} and
 *     {@code providerMessageId} identify it)
 * @param errorCode the provider's error code for failures (Twilio {@code 21610}...), else {@code null}
 * @param message the message as it was before the move (tenant, contact, channel, recipient), when
 *     the announcer has it; {@code null} otherwise, and subscribers then look it up
 */
public record MessageStatusChanged(
    String messageId, String provider, String providerMessageId, MessageStatus status, String errorCode,
    dev.herald.core.message.Message message)
    implements HeraldEvent {}
