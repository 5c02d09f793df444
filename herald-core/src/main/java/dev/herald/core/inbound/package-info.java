/**
 * Inbound processing: a verified inbound message from a provider becomes a stored message linked to
 * its contact (created when unknown) and conversation, once only however often the provider
 * redelivers it; SMS keywords change consent and are confirmed; everything else is announced on the
 * event bus and may be answered by the configured responder.
 */
package dev.herald.core.inbound;
