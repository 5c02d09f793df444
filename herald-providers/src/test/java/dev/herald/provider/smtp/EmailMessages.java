package dev.herald.provider.smtp;

import dev.herald.core.message.Category;
import dev.herald.core.message.Channel;
import dev.herald.core.message.Content;
import dev.herald.core.message.Direction;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.message.Priority;
import java.time.Instant;
import java.util.Map;

/** Outbound email messages for tests. */
final class EmailMessages {
  static final Instant CREATED = Instant.parse("2026-03-01T10:15:30Z");

  private EmailMessages() {}

  static Message email(String id, String to, String from, Content content, Map<String, String> metadata) {
    return new Message(id, "tenant-1", Channel.EMAIL, Direction.OUTBOUND, to, from, content,
        Category.TRANSACTIONAL, Priority.NORMAL, null, null, metadata, null, null, null,
        MessageStatus.SENDING, 1, 5, CREATED, null, null, null, null, null, null, CREATED, CREATED, null);
  }
}
