/**
 * The {@code sendgrid} provider: Twilio SendGrid's v3 Mail Send API for the {@code email} channel.
 *
 * <p>A send is one {@code POST /v3/mail/send} with a bearer API key and one personalization whose
 * {@code custom_args} carry {@code herald_message_id}, so every later event names the Herald
 * message; the {@code 202} answer's {@code X-Message-Id} header is the provider message id. Events
 * come back through the Signed Event Webhook at {@code /webhooks/sendgrid/events}: a JSON array
 * signed with ECDSA P-256 over the timestamp header and the raw body, checked against the public key
 * SendGrid shows for the webhook and rejected when older than the configured maximum age.
 */
package dev.herald.provider.sendgrid;
