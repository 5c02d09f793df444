/**
 * The responder hook: on an inbound message, a configured {@link dev.herald.core.responder.Responder}
 * may produce a reply that Herald sends on the same channel inside the same conversation. Built in:
 * a client for any OpenAI-compatible chat-completions endpoint. A responder's failure never loses
 * the inbound message; it is recorded on it.
 */
package dev.herald.core.responder;
