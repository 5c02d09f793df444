package dev.herald.core.error;

/**
 * Base of Herald's own exceptions. Each subclass has a stable {@link #code()} that the API turns
 * into the {@code type} of an RFC 9457 problem document; the HTTP status is chosen by the server.
 * Exceptions are for bad input, not-found, conflict and configuration; a provider's failure to
 * send is a {@code DeliveryOutcome} value, never an exception.
 */
public abstract class HeraldException extends RuntimeException {
  private final String code;

  protected HeraldException(String code, String message) {
    super(message);
    this.code = code;
  }

  /** Stable machine-readable code, e.g. {@code validation}, {@code not_found}, {@code conflict}. */
  public String code() {
    return code;
  }
}
