package dev.herald.core.error;

/** The request conflicts with the resource's current state (e.g. cancelling a sent message). */
public final class ConflictException extends HeraldException {
  public ConflictException(String message) {
    super("conflict", message);
  }
}
