package dev.herald.core.provider;

/**
 * A provider's receiver for its own HTTP callbacks (status callbacks, inbound messages, handshakes),
 * mounted by the server at {@code /webhooks/{provider id}/...}. It verifies the request's signature
 * before reading it and answers 401/403 without reports when verification fails.
 */
public interface WebhookReceiver {
  /** Verifies and parses one request. Must not throw for bad input: answer 400/401/403 instead. */
  WebhookResult receive(WebhookRequest request);
}
