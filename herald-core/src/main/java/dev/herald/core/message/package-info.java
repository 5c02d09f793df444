/**
 * The message domain: messages, channels, statuses and the one class that owns status transitions
 * ({@link dev.herald.core.message.StatusTransitions}), address normalisation, and the
 * {@link dev.herald.core.message.MessageService} that accepts, cancels and retries messages.
 */
package dev.herald.core.message;
