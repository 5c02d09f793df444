/**
 * The storage port: {@link dev.herald.core.store.MessageStore} is both the message record and the
 * dispatch queue. The core knows no SQL; {@code herald-store-jdbc} implements it.
 */
package dev.herald.core.store;
