package dev.herald.core.responder;

/**
 * Produces the answer to an inbound message (SPI). Called on its own virtual thread after the
 * inbound message is stored and the provider has been answered, so it may take its time (within
 * its own timeout). Implementations return failures as values and should not throw; a thrown
 * exception is treated as a failure.
 */
public interface Responder {
  /** A short name recorded on replies ({@code metadata.responder}). */
  String name();

  ResponderResult respond(ResponderRequest request);
}
