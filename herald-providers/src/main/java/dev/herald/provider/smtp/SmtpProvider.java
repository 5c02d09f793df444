package dev.herald.provider.smtp;

import dev.herald.core.message.Channel;
import dev.herald.core.message.EmailHeaderFields;
import dev.herald.core.message.Message;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.DeliveryOutcome.PermanentFailure;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Sends email through one SMTP server.
 *
 * <p>One {@link Session} (immutable configuration, safe to share) serves every send; each send
 * opens its own {@link Transport} (one TCP connection, TLS and AUTH when configured), sends one
 * message and closes it. A transport is a stateful conversation that is not safe to share between
 * threads, and pooling connections would mean detecting ones the server dropped while idle; a
 * connection per message costs a handshake, which email volumes afford, and
 * {@link #maxConcurrency()} ({@code smtp.concurrency}) bounds how many are open at once.
 *
 * <p>The accepted {@code providerMessageId} is the {@code Message-ID} header,
 * {@code <herald message id@herald>}. A message with CR, LF or NUL in a field that becomes a header
 * is a permanent failure {@code invalid_header}, and nothing is sent.
 */
final class SmtpProvider implements ChannelProvider {
  static final String ID = "smtp";

  private final SmtpSettings settings;
  private final Clock clock;
  private final MimeComposer composer;

  SmtpProvider(SmtpSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.composer = new MimeComposer(Session.getInstance(sessionProperties(settings)), settings.from());
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<Channel> channels() {
    return Set.of(Channel.EMAIL);
  }

  @Override
  public int maxConcurrency() {
    return settings.concurrency();
  }

  @Override
  public DeliveryOutcome send(Message message) {
    Optional<String> lineBreak = EmailHeaderFields.lineBreakIn(message);
    if (lineBreak.isPresent()) {
      return new PermanentFailure("invalid_header", lineBreak.get(), 0);
    }
    MimeMessage mime;
    try {
      mime = composer.compose(message, clock.instant());
    } catch (IllegalArgumentException e) {
      return new PermanentFailure("invalid_message", e.getMessage(), 0);
    } catch (MessagingException e) {
      return SmtpFailures.classify(e);
    }
    try (Transport transport = mime.getSession().getTransport("smtp")) {
      transport.connect(settings.host(), settings.port(), settings.username(), settings.password());
      transport.sendMessage(mime, mime.getAllRecipients());
      return new DeliveryOutcome.Accepted(MimeComposer.messageIdOf(message), null, null, 0);
    } catch (MessagingException e) {
      return SmtpFailures.classify(e);
    }
  }

  /** Angus Mail session properties for {@code settings}; timeouts in milliseconds. */
  static Properties sessionProperties(SmtpSettings settings) {
    Properties p = new Properties();
    String millis = String.valueOf(settings.timeout().toMillis());
    p.setProperty("mail.transport.protocol", "smtp");
    p.setProperty("mail.smtp.host", settings.host());
    p.setProperty("mail.smtp.port", String.valueOf(settings.port()));
    p.setProperty("mail.smtp.connectiontimeout", millis);
    p.setProperty("mail.smtp.timeout", millis);
    p.setProperty("mail.smtp.writetimeout", millis);
    p.setProperty("mail.smtp.auth", String.valueOf(settings.username() != null));
    p.setProperty("mail.mime.charset", "UTF-8");
    switch (settings.tls()) {
      case NONE -> { }
      case STARTTLS -> {
        p.setProperty("mail.smtp.starttls.enable", "true");
        p.setProperty("mail.smtp.starttls.required", "true");
        p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
      }
      case TLS -> {
        p.setProperty("mail.smtp.ssl.enable", "true");
        p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
      }
    }
    return p;
  }
}
