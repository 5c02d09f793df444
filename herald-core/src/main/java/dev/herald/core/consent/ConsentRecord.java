package dev.herald.core.consent;

import dev.herald.core.message.Channel;
import java.time.Instant;

/**
 * One ledger entry: {@code address} on {@code channel} moved to {@code state} at {@code at}.
 *
 * @param contactId the contact owning the address, or {@code null} for a raw address
 * @param messageId the message that caused it (the inbound STOP, the failed send), or {@code null}
 * @param detail free text: the keyword received, the provider's error, the API caller's note
 */
public record ConsentRecord(
    String id,
    String tenantId,
    String contactId,
    Channel channel,
    String address,
    ConsentState state,
    ConsentSource source,
    String messageId,
    String detail,
    Instant at) {}
