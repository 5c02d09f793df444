package dev.herald.core.message;

import java.time.Instant;

/** One entry of a message's timeline: when it moved, from where, to where, and why. */
public record StatusChange(Instant at, MessageStatus from, MessageStatus to, String reason) {}
