package dev.herald.core.error;

/** The named resource does not exist for the caller's tenant. */
public final class NotFoundException extends HeraldException {
  public NotFoundException(String message) {
    super("not_found", message);
  }
}
