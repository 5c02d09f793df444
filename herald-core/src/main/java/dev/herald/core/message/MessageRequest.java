package dev.herald.core.message;

import dev.herald.core.error.ValidationException;
import dev.herald.core.error.ValidationException.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A caller's request to send one message, as received (not yet validated). Field names in errors
 * are the API's JSON names.
 *
 * @param contactId the contact to reach instead of (or besides) a raw {@code to}; the
 *     {@link RecipientResolver} picks the contact's address for the channel
 * @param conversationId the conversation the message joins; {@code null} joins the contact's open one
 * @param joinConversation {@code false} keeps the message out of any conversation; {@code null} means true
 */
public record MessageRequest(
    String channel,
    String to,
    String from,
    String body,
    String subject,
    String html,
    String category,
    String priority,
    Instant sendAt,
    Instant expiresAt,
    Map<String, String> metadata,
    String contactId,
    String conversationId,
    Boolean joinConversation) {

  /** A request to a raw address, outside contacts and conversations' explicit control. */
  public MessageRequest(String channel, String to, String from, String body, String subject, String html,
      String category, String priority, Instant sendAt, Instant expiresAt, Map<String, String> metadata) {
    this(channel, to, from, body, subject, html, category, priority, sendAt, expiresAt, metadata, null, null, null);
  }

  /** This request addressed to {@code address}, of contact {@code contact}, in {@code conversation}. */
  public MessageRequest routed(String address, String contact, String conversation) {
    return new MessageRequest(channel, address, from, body, subject, html, category, priority, sendAt, expiresAt,
        metadata, contact, conversation, joinConversation);
  }

  /**
   * Metadata key on Herald's reply to an inbound SMS keyword: the id of the inbound message it
   * answers. With {@link #KEYWORD_REPLY} it lets the carrier-required answers through to an
   * opted-out number; so only Herald writes it.
   */
  public static final String KEYWORD_REPLY_TO = "keyword_reply_to";
  /** Metadata key on Herald's reply to an inbound SMS keyword: the keyword's kind, lower-cased ({@code opt_out}, {@code opt_in}, {@code help}). */
  public static final String KEYWORD_REPLY = "keyword_reply";
  /** Metadata keys only Herald writes; a caller's request carrying one is refused. */
  public static final java.util.Set<String> RESERVED_METADATA = java.util.Set.of(KEYWORD_REPLY_TO, KEYWORD_REPLY);

  /**
   * Checks metadata only a caller's own request is held to, before Herald adds its own.
   *
   * @throws ValidationException naming {@code metadata/<key>} for each key only Herald may write,
   *     and {@code metadata/list_unsubscribe} on an email when it is not one {@code https:} or
   *     {@code mailto:} URI (RFC 2369; Herald's own link is added later, when the caller gives none)
   */
  public void checkCallerMetadata(Addresses addresses) {
    if (metadata == null) {
      return;
    }
    List<FieldError> errors = new ArrayList<>();
    for (String key : metadata.keySet()) {
      if (RESERVED_METADATA.contains(key)) {
        errors.add(new FieldError("metadata/" + key, "is reserved for Herald's replies to SMS keywords"));
      }
    }
    String unsubscribe = metadata.get(EmailHeaderFields.LIST_UNSUBSCRIBE);
    if (unsubscribe != null && isEmail()) {
      EmailHeaderFields.checkCallerListUnsubscribe(unsubscribe, addresses).ifPresent(errors::add);
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
  }

  private boolean isEmail() {
    return channel != null && channel.trim().equalsIgnoreCase(Channel.EMAIL.wireName());
  }

  private static final Pattern ALPHANUMERIC_SENDER = Pattern.compile("^[A-Za-z0-9 ]{1,11}$");
  private static final int MAX_METADATA_KEYS = 50;

  /**
   * Validates and normalises this request into a new message. On email, every field that becomes a
   * header ({@link EmailHeaderFields}: {@code to}, {@code from}, {@code subject}, metadata
   * {@code reply_to} and {@code list_unsubscribe}) is refused when it holds CR, LF or NUL.
   *
   * @param now the engine's current time
   * @param maxAttempts the channel's retry budget
   * @throws ValidationException listing every offending field
   */
  public Message toMessage(String tenantId, Addresses addresses, Instant now,
      java.util.function.ToIntFunction<Channel> maxAttempts, String idempotencyKey) {
    List<FieldError> errors = new ArrayList<>();
    Channel ch = ValidationException.collect(errors, () -> Channel.parse(channel, "channel"));
    Category cat = ValidationException.collect(errors, () -> Category.parse(category, "category"));
    Priority prio = ValidationException.collect(errors, () -> Priority.parse(priority, cat == null ? Category.TRANSACTIONAL : cat, "priority"));
    String normalisedTo = ch == null ? null : ValidationException.collect(errors, () -> addresses.normalise(ch, to, "to"));
    String normalisedFrom = ch == null ? null : ValidationException.collect(errors, () -> sender(ch, addresses));
    if (ch != null) {
      checkContent(ch, errors);
    }
    if (ch == Channel.EMAIL) {
      errors.addAll(EmailHeaderFields.lineBreaks(to, from, subject, metadata));
    }
    if (expiresAt != null && !expiresAt.isAfter(now)) {
      errors.add(new FieldError("expires_at", "is in the past"));
    } else if (expiresAt != null && sendAt != null && !expiresAt.isAfter(sendAt)) {
      errors.add(new FieldError("expires_at", "must be after send_at"));
    }
    if (metadata != null && metadata.size() > MAX_METADATA_KEYS) {
      errors.add(new FieldError("metadata", "has more than " + MAX_METADATA_KEYS + " keys"));
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    boolean scheduled = sendAt != null && sendAt.isAfter(now);
    Instant due = scheduled ? sendAt : now;
    return new Message(MessageIds.next(), tenantId, ch, Direction.OUTBOUND, normalisedTo, normalisedFrom,
        new Content(body, subject, html), cat, prio, sendAt, expiresAt, metadata, idempotencyKey, conversationId, contactId,
        scheduled ? MessageStatus.SCHEDULED : MessageStatus.QUEUED, 0, maxAttempts.applyAsInt(ch), due,
        null, null, null, null, null, null, now, now, List.of());
  }

  private String sender(Channel ch, Addresses addresses) {
    if (from == null || from.isBlank()) {
      return null;
    }
    return switch (ch) {
      case EMAIL -> addresses.email(from, "from");
      case SMS -> ALPHANUMERIC_SENDER.matcher(from.trim()).matches() && from.chars().anyMatch(Character::isLetter)
          ? from.trim() : addresses.phone(from, "from");
      case WHATSAPP, VOICE -> addresses.phone(from, "from");
      case WEBHOOK -> from.trim();
    };
  }

  private void checkContent(Channel ch, List<FieldError> errors) {
    boolean hasBody = body != null && !body.isBlank();
    if (ch == Channel.EMAIL) {
      if (subject == null || subject.isBlank()) {
        errors.add(new FieldError("subject", "is required for email"));
      }
      if (!hasBody && (html == null || html.isBlank())) {
        errors.add(new FieldError("body", "email needs a body or html"));
      }
    } else {
      if (!hasBody) {
        errors.add(new FieldError("body", "is required"));
      }
      if (subject != null || html != null) {
        errors.add(new FieldError(subject != null ? "subject" : "html", "applies to email only"));
      }
    }
    if (body != null && body.length() > ch.maxBodyLength()) {
      errors.add(new FieldError("body", "is " + body.length() + " characters; the " + ch.wireName()
          + " limit is " + ch.maxBodyLength()));
    }
    if (html != null && html.length() > ch.maxBodyLength()) {
      errors.add(new FieldError("html", "is longer than " + ch.maxBodyLength() + " characters"));
    }
  }

}
