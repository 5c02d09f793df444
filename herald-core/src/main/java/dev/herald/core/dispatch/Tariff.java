package dev.herald.core.dispatch;

import dev.herald.core.message.Channel;
import dev.herald.core.message.Message;
import dev.herald.core.template.SmsEncoding;
import java.math.BigDecimal;

/**
 * A configured price for a provider's sends, used when the provider reports none at send time
 * (keys {@code <provider>.price_per_segment}, {@code <provider>.price_per_message},
 * {@code <provider>.price_currency}). SMS is priced per segment when a segment price is set;
 * otherwise every message costs the message price.
 */
public record Tariff(BigDecimal perSegment, BigDecimal perMessage, String currency) {
  /** The price of sending {@code m}, or {@code null} when this tariff prices nothing for it. */
  public BigDecimal price(Message m) {
    if (m.channel() == Channel.SMS && perSegment != null && m.content().text() != null) {
      return perSegment.multiply(BigDecimal.valueOf(SmsEncoding.measure(m.content().text()).segments()));
    }
    return perMessage;
  }
}
