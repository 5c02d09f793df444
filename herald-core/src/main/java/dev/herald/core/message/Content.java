package dev.herald.core.message;

/**
 * What a message says. {@code text} is the body on every channel (the spoken text on voice, the
 * plain part of an email); {@code subject} and {@code html} apply to email only.
 */
public record Content(String text, String subject, String html) {
  /** Plain text content with no subject or HTML. */
  public static Content text(String text) {
    return new Content(text, null, null);
  }

  /** This content with the non-null parts of {@code edit} replacing its own. */
  public Content mergedWith(Content edit) {
    if (edit == null) {
      return this;
    }
    return new Content(
        edit.text != null ? edit.text : text,
        edit.subject != null ? edit.subject : subject,
        edit.html != null ? edit.html : html);
  }
}
