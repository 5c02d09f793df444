/**
 * A small in-process event bus: the engine announces what happened (an inbound message arrived, a
 * provider reported a status, consent changed) and interested parts of the node react. Delivery is
 * synchronous on the publisher's thread; a failing subscriber is logged and never fails the
 * publisher. Events crossing nodes (PostgreSQL {@code LISTEN/NOTIFY}) and app webhooks build on it.
 */
package dev.herald.core.event;
