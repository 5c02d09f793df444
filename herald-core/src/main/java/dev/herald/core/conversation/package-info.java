/**
 * Conversations: one session per contact across channels, with a sliding expiry, a status
 * ({@code active}, {@code follow_up}, {@code closed}), participants and a shared JSON context merged
 * with JSON Merge Patch (RFC 7396). The thread is the contact's messages in time order.
 */
package dev.herald.core.conversation;
