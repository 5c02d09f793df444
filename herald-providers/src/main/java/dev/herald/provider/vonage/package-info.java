/**
 * The {@code vonage} provider: SMS through Vonage's SMS API ({@code POST /sms/json} on
 * {@code https://rest.nexmo.com}), with delivery receipts at {@code /webhooks/vonage/status}.
 * A send posts one form request carrying the {@code callback} URL and the Herald message id as
 * {@code client-ref}; the response's per-part {@code status} decides the outcome following
 * Vonage's SMS API error table (https://developer.vonage.com/api-errors/sms). Delivery receipts are
 * accepted only when signed (Vonage "Signing Messages",
 * https://developer.vonage.com/getting-started/concepts/signing-messages): the {@code sig}
 * parameter must match the configured signature secret and method, and the signed
 * {@code timestamp} must be within five minutes of Herald's clock. A receipt names its message by
 * signed fields only: {@code client-ref}, else Vonage's {@code messageId}.
 */
package dev.herald.provider.vonage;
