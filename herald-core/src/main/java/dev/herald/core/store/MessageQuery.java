package dev.herald.core.store;

import dev.herald.core.message.Channel;
import dev.herald.core.message.MessageStatus;
import java.time.Instant;

/**
 * Filters for listing messages; every field may be {@code null}. Results are newest first.
 *
 * @param cursor the id of the last message of the previous page
 * @param limit page size, 1 to 500
 */
public record MessageQuery(
    MessageStatus status,
    Channel channel,
    String recipient,
    Instant createdFrom,
    Instant createdTo,
    String cursor,
    int limit) {}
