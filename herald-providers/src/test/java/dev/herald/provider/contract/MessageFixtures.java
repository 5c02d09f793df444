package dev.herald.provider.contract;

import dev.herald.core.message.Category;
import dev.herald.core.message.Channel;
import dev.herald.core.message.Content;
import dev.herald.core.message.Direction;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.message.Priority;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Outbound messages in the state a provider sees them: claimed, sending, first attempt. */
public final class MessageFixtures {
  public static final String MESSAGE_ID = "0190a6f2-7c1e-7b3a-9d4e-5f6a7b8c9d0e";
  private static final Instant CREATED = Instant.parse("2026-03-01T09:00:00Z");

  private MessageFixtures() {}

  public static Message message(Channel channel, String to, String from, Content content, Map<String, String> metadata) {
    return new Message(MESSAGE_ID, "tenant-1", channel, Direction.OUTBOUND, to, from, content,
        Category.TRANSACTIONAL, Priority.NORMAL, CREATED, null, metadata, null, null, null,
        MessageStatus.SENDING, 1, 5, CREATED, null, null, null, null, null, null, CREATED, CREATED, List.of());
  }
}
