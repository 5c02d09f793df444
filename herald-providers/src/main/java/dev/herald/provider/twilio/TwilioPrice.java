package dev.herald.provider.twilio;

import java.math.BigDecimal;

/**
 * A price as Twilio reports it: {@code price} is a decimal string, negative for a charge (e.g.
 * {@code -0.00750}), {@code null} until the carrier has priced the message; {@code price_unit} is
 * an ISO 4217 code (https://www.twilio.com/docs/messaging/api/message-resource#message-properties).
 * Herald stores the cost as a positive amount.
 *
 * @param amount absolute value of the price
 * @param currency ISO 4217 code, or {@code null} when Twilio gave none
 */
record TwilioPrice(BigDecimal amount, String currency) {
  /** The price, or {@code null} when {@code price} is absent, blank or not a number. */
  static TwilioPrice parse(String price, String unit) {
    if (price == null || price.isBlank() || "null".equals(price)) {
      return null;
    }
    try {
      return new TwilioPrice(new BigDecimal(price.trim()).abs(), unit == null || unit.isBlank() ? null : unit.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
