package dev.herald.core.error;

import java.util.List;

/** Input that cannot be accepted. Names each offending field with a human-readable reason. */
public final class ValidationException extends HeraldException {
  /** One offending field: a JSON-pointer-like name ({@code to}, {@code messages/3/body}) and why. */
  public record FieldError(String field, String detail) {}

  private final List<FieldError> errors;

  public ValidationException(List<FieldError> errors) {
    super("validation", errors.isEmpty() ? "invalid input" : errors.get(0).field() + ": " + errors.get(0).detail());
    this.errors = List.copyOf(errors);
  }

  public ValidationException(String field, String detail) {
    this(List.of(new FieldError(field, detail)));
  }

  public List<FieldError> errors() {
    return errors;
  }

  /**
   * Runs one validation step, adding its field errors to {@code errors} instead of stopping, so a
   * request reports every bad field at once. Returns the step's value, or {@code null} when it failed.
   */
  public static <T> T collect(List<FieldError> errors, java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (ValidationException e) {
      errors.addAll(e.errors());
      return null;
    }
  }

  /** The same errors with every field name prefixed, e.g. {@code messages/3/}. */
  public ValidationException prefixed(String prefix) {
    return new ValidationException(
        errors.stream().map(e -> new FieldError(prefix + e.field(), e.detail())).toList());
  }
}
