package dev.herald.provider.twilio;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The per-message {@code StatusCallback} URL Herald hands Twilio:
 * {@code {publicBaseUrl}/webhooks/{provider id}/status?herald_message_id={id}}. Twilio calls it
 * back verbatim and signs it, query included, so the message is found even before its
 * provider message id is stored (https://www.twilio.com/docs/messaging/guides/track-outbound-message-status).
 *
 * @param publicBaseUrl Herald's external base URL without trailing slash, or {@code null} when
 *     callbacks cannot be received (no public URL, or no auth token to verify them)
 */
record StatusCallbackUrl(String publicBaseUrl, String providerId) {
  /** Query parameter carrying Herald's message id. */
  static final String MESSAGE_ID_PARAM = "herald_message_id";

  StatusCallbackUrl {
    if (publicBaseUrl != null && publicBaseUrl.isBlank()) {
      publicBaseUrl = null;
    }
    if (publicBaseUrl != null && publicBaseUrl.endsWith("/")) {
      publicBaseUrl = publicBaseUrl.substring(0, publicBaseUrl.length() - 1);
    }
  }

  /** The URL for {@code messageId}, or {@code null} when callbacks are off. */
  String forMessage(String messageId) {
    if (publicBaseUrl == null) {
      return null;
    }
    return publicBaseUrl + "/webhooks/" + providerId + "/status?" + MESSAGE_ID_PARAM + "="
        + URLEncoder.encode(messageId, StandardCharsets.UTF_8);
  }
}
