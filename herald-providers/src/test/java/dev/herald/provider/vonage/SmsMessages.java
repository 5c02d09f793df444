package dev.herald.provider.vonage;

import dev.herald.core.message.Category;
import dev.herald.core.message.Channel;
import dev.herald.core.message.Content;
import dev.herald.core.message.Direction;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.message.Priority;
import java.time.Instant;
import java.util.Map;

/** Outbound SMS messages for tests. */
final class SmsMessages {
  static final Instant CREATED = Instant.parse("2026-03-01T10:15:30Z");

  private SmsMessages() {}

  static Message sms(String id, String to, String from, String text) {
    return new Message(id, "tenant-1", Channel.SMS, Direction.OUTBOUND, to, from, Content.text(text),
        Category.TRANSACTIONAL, Priority.NORMAL, null, null, Map.of(), null, null, null,
        MessageStatus.SENDING, 1, 5, CREATED, null, null, null, null, null, null, CREATED, CREATED, null);
  }
}
