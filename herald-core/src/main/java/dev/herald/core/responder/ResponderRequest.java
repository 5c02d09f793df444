package dev.herald.core.responder;

import dev.herald.core.contact.Contact;
import dev.herald.core.conversation.Conversation;
import dev.herald.core.message.Message;
import java.util.List;

/**
 * What a responder sees.
 *
 * @param inbound the message to answer (already stored)
 * @param thread the conversation's messages on every channel, oldest first, {@code inbound} last
 */
public record ResponderRequest(Message inbound, Contact contact, Conversation conversation, List<Message> thread) {
  public ResponderRequest {
    thread = List.copyOf(thread);
  }
}
