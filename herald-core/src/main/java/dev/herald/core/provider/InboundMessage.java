package dev.herald.core.provider;

import dev.herald.core.message.Channel;
import java.time.Instant;
import java.util.List;

/**
 * A message a contact sent to one of our numbers or addresses, as a provider reported it.
 *
 * @param from the sender's address (E.164 for phone channels)
 * @param to our address that received it
 * @param providerMessageId the provider's id, used to make inbound processing idempotent
 * @param payload the raw webhook body
 */
public record InboundMessage(
    String provider,
    Channel channel,
    String from,
    String to,
    String text,
    List<String> mediaUrls,
    String providerMessageId,
    Instant receivedAt,
    String payload) {
  public InboundMessage {
    mediaUrls = mediaUrls == null ? List.of() : List.copyOf(mediaUrls);
  }
}
