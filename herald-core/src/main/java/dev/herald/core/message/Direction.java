package dev.herald.core.message;

/** Whether Herald sends a message ({@code outbound}) or received it ({@code inbound}). */
public enum Direction {
  OUTBOUND,
  INBOUND
}
