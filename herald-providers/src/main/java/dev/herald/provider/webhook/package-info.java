/**
 * The {@code webhook} provider: delivers a message by POSTing it as JSON to the URL in its
 * {@code to}, signed per the Standard Webhooks specification (https://www.standardwebhooks.com):
 * headers {@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature}
 * ({@code v1,} + base64 HMAC-SHA256 over {@code id.timestamp.body}, keyed with the decoded
 * {@code whsec_} secret). The receiver answering 2xx has the message in hand, so for this channel
 * an accepted send means delivered; there are no later status callbacks and no webhook receiver.
 * {@link dev.herald.provider.webhook.StandardWebhookSignature} is public so the server can sign
 * and verify its own application webhooks with the same code.
 */
package dev.herald.provider.webhook;
