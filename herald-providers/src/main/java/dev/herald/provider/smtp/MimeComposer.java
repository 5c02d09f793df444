package dev.herald.provider.smtp;

import dev.herald.core.message.Content;
import dev.herald.core.message.EmailHeaderFields;
import dev.herald.core.message.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

/**
 * Turns a Herald {@link Message} into a MIME message (RFC 5322 headers, RFC 2045/2046 bodies).
 *
 * <p>Headers: {@code From} (the message's {@code from}, else {@code smtp.from}), {@code Reply-To}
 * (metadata {@code reply_to}, when present), {@code To}, {@code Subject} (UTF-8, RFC 2047 encoded
 * when needed), {@code Date}, {@code Message-ID: <herald message id@herald>} and
 * {@code X-Herald-Message-Id}; for metadata {@code list_unsubscribe} (set on marketing email)
 * {@code List-Unsubscribe: <uri>} (RFC 2369), with {@code List-Unsubscribe-Post:
 * List-Unsubscribe=One-Click} (RFC 8058) unless the URI is a {@code mailto:}. Every header goes
 * through Jakarta Mail's header and address API; the caller first makes sure no header-bound value
 * holds CR, LF or NUL ({@link EmailHeaderFields#lineBreakIn}), which that API would write as they
 * are. Body: {@code multipart/alternative} with {@code text/plain} first and
 * {@code text/html} second when both are given (RFC 2046 §5.1.4: last part is the preferred one),
 * otherwise the single part that is given; always UTF-8.
 */
final class MimeComposer {
  static final String HERALD_ID_HEADER = "X-Herald-Message-Id";
  private static final String UTF_8 = StandardCharsets.UTF_8.name();

  private final Session session;
  private final InternetAddress defaultFrom;

  MimeComposer(Session session, InternetAddress defaultFrom) {
    this.session = session;
    this.defaultFrom = defaultFrom;
  }

  /** The {@code Message-ID} a Herald message gets, angle brackets included (RFC 5322 §3.6.4). */
  static String messageIdOf(Message message) {
    return "<" + message.id() + "@herald>";
  }

  /**
   * Builds the MIME message, headers final.
   *
   * @throws AddressException when {@code to}, {@code from} or {@code reply_to} is not an address
   * @throws IllegalArgumentException when there is no sender or no body, or
   *     {@code list_unsubscribe} is not a URI
   */
  MimeMessage compose(Message message, Instant now) throws MessagingException {
    InternetAddress from = message.from() == null ? defaultFrom : strict(message.from());
    if (from == null) {
      throw new IllegalArgumentException("no sender: the message has no from and smtp.from is not set");
    }
    Content content = message.content();
    if (content == null || (content.text() == null && content.html() == null)) {
      throw new IllegalArgumentException("no body: the message has neither text nor html");
    }
    MimeMessage mime = new FixedIdMimeMessage(session, messageIdOf(message));
    mime.setFrom(from);
    mime.setRecipient(jakarta.mail.Message.RecipientType.TO, strict(message.to()));
    String replyTo = message.metadata().get(EmailHeaderFields.REPLY_TO);
    if (replyTo != null && !replyTo.isBlank()) {
      mime.setReplyTo(InternetAddress.parse(replyTo, true));
    }
    if (content.subject() != null) {
      mime.setSubject(content.subject(), UTF_8);
    }
    mime.setSentDate(Date.from(now));
    mime.setHeader(HERALD_ID_HEADER, message.id());
    String unsubscribe = message.metadata().get(EmailHeaderFields.LIST_UNSUBSCRIBE);
    if (unsubscribe != null && !unsubscribe.isBlank()) {
      mime.setHeader("List-Unsubscribe", EmailHeaderFields.listUnsubscribeValue(unsubscribe));
      if (EmailHeaderFields.isOneClick(unsubscribe)) {
        mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
      }
    }
    setBody(mime, content);
    mime.saveChanges();
    return mime;
  }

  private static void setBody(MimeMessage mime, Content content) throws MessagingException {
    if (content.text() != null && content.html() != null) {
      MimeBodyPart plain = new MimeBodyPart();
      plain.setText(content.text(), UTF_8, "plain");
      MimeBodyPart html = new MimeBodyPart();
      html.setText(content.html(), UTF_8, "html");
      mime.setContent(new MimeMultipart("alternative", plain, html));
    } else if (content.html() != null) {
      mime.setText(content.html(), UTF_8, "html");
    } else {
      mime.setText(content.text(), UTF_8, "plain");
    }
  }

  private static InternetAddress strict(String address) throws AddressException {
    InternetAddress parsed = new InternetAddress(address, true);
    parsed.validate();
    return parsed;
  }

  /**
   * Jakarta Mail replaces {@code Message-ID} with a random one on every {@code saveChanges()}; this
   * keeps ours, so the id is derived from the Herald message id and a retry carries the same one
   * (receivers and their deduplication see one message, not two).
   */
  private static final class FixedIdMimeMessage extends MimeMessage {
    private final String messageId;

    FixedIdMimeMessage(Session session, String messageId) {
      super(session);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", messageId);
    }
  }
}
