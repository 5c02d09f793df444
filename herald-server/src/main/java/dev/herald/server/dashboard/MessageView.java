package dev.herald.server.dashboard;

import dev.herald.core.message.Message;
import dev.herald.core.message.MessageStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** A message as the dashboard shows it: display strings only. */
public record MessageView(String id, String created, String channel, String to, String status, String preview,
    String body, int attempts, int maxAttempts, String error, boolean cancelable, boolean retryable) {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  static MessageView of(Message m) {
    String body = m.content().text() == null ? (m.content().subject() == null ? "" : m.content().subject())
        : m.content().text();
    String error = m.errorReason() == null ? m.errorCode()
        : m.errorCode() == null ? m.errorReason() : m.errorCode() + " " + m.errorReason();
    return new MessageView(m.id(), time(m.createdAt()), m.channel().wireName(), m.to(), m.status().wireName(),
        body.length() > 80 ? body.substring(0, 79) + "…" : body, body, m.attempts(), m.maxAttempts(), error,
        m.status() == MessageStatus.QUEUED || m.status() == MessageStatus.SCHEDULED,
        m.status() == MessageStatus.FAILED || m.status() == MessageStatus.DEAD_LETTERED);
  }

  static String time(Instant t) {
    return t == null ? "" : TIME.format(t);
  }
}
