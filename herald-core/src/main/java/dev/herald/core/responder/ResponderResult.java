package dev.herald.core.responder;

/** What a responder decided. */
public sealed interface ResponderResult {
  /** Send {@code text} back on the inbound message's channel. */
  record Reply(String text) implements ResponderResult {}

  /** Nothing to say. */
  record NoReply() implements ResponderResult {}

  /** The responder could not answer; recorded on the inbound message as its error. */
  record Failure(String code, String reason) implements ResponderResult {}
}
