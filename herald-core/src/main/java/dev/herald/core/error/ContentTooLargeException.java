package dev.herald.core.error;

import dev.herald.core.error.ValidationException.FieldError;
import java.util.List;

/** A caller's value is larger than Herald keeps; names the field, as a validation error does. */
public final class ContentTooLargeException extends HeraldException {
  private final List<FieldError> errors;

  /** @param field the caller's name for the value ({@code context}, {@code messages/3/metadata}) */
  public ContentTooLargeException(String field, String detail) {
    super("too_large", field + ": " + detail);
    this.errors = List.of(new FieldError(field, detail));
  }

  /** The one field refused, as a validation error names its fields. */
  public List<FieldError> errors() {
    return errors;
  }
}
