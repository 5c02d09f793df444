/**
 * The {@code whatsapp} provider: Meta's WhatsApp Cloud API (Graph API, {@code v23.0} by default).
 *
 * <p>A send is one {@code POST /{version}/{phone-number-id}/messages} with a bearer token: free-form
 * text, an approved template (message metadata {@code template_name}, {@code template_language},
 * {@code template_params}) or media by URL ({@code media_url}, {@code media_type}); the answer's
 * {@code messages[0].id} (a {@code wamid}) is the provider message id. Graph error codes are sorted
 * into transient and permanent failures in {@link dev.herald.provider.whatsapp.WhatsAppErrorClassifier}.
 * Meta calls one webhook URL per app, {@code /webhooks/whatsapp}: a {@code GET} verification
 * handshake, then {@code POST}s signed with {@code X-Hub-Signature-256} that carry delivery statuses
 * and inbound messages. The 24-hour rule for free-form messages is applied at accept time by the
 * engine ({@link dev.herald.core.message.CustomerServiceWindow}); Meta's own 131047 is permanent.
 */
package dev.herald.provider.whatsapp;
