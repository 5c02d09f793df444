package dev.herald.server.events;

import java.time.Instant;

/**
 * One event of the stream.
 *
 * @param seq its place in the node's log, increasing by one per event
 * @param tenantId the tenant it belongs to (only that tenant's streams see it)
 * @param type {@code message.accepted}, {@code message.status_changed} or {@code inbound.received}
 * @param messageId the message it is about
 * @param data its JSON payload
 * @param at when it happened
 */
public record StreamEvent(long seq, String tenantId, String type, String messageId, String data, Instant at) {}
