package dev.herald.core.contact;

import dev.herald.core.conversation.Conversation;
import dev.herald.core.conversation.ConversationService;
import dev.herald.core.error.ValidationException;
import dev.herald.core.message.Channel;
import dev.herald.core.message.MessageRequest;
import dev.herald.core.message.RecipientResolver;

/**
 * Resolves {@code contact_id} and {@code conversation_id} at accept time. A request naming a
 * contact gets the contact's address for its channel (or a 422 naming {@code contact_id} when the
 * contact has none) and joins the contact's open conversation, opened when needed, unless it names
 * another or asks to join none. Requests with a raw address only pass untouched, so the plain send
 * path costs no extra reads.
 */
public final class ContactRecipients implements RecipientResolver {
  private final ContactStore contacts;
  private final ConversationService conversations;

  public ContactRecipients(ContactStore contacts, ConversationService conversations) {
    this.contacts = contacts;
    this.conversations = conversations;
  }

  @Override
  public MessageRequest resolve(String tenantId, MessageRequest r) {
    if (r.contactId() == null && r.conversationId() == null) {
      return r;
    }
    Conversation named = r.conversationId() == null ? null
        : conversations.openForMessage(tenantId, r.conversationId(), "conversation_id");
    String contactId = r.contactId() != null ? r.contactId() : named.contactId();
    if (named != null && !named.contactId().equals(contactId)) {
      throw new ValidationException("conversation_id", "conversation " + named.id() + " belongs to another contact");
    }
    Contact contact = contacts.find(tenantId, contactId)
        .orElseThrow(() -> new ValidationException("contact_id", "no contact " + contactId));
    String to = r.to();
    if (to == null || to.isBlank()) {
      Channel channel = Channel.parse(r.channel(), "channel");
      to = contact.addressFor(channel).orElseThrow(() -> new ValidationException("contact_id",
          "contact " + contactId + " has no address for channel " + channel.wireName()));
    }
    String conversationId;
    if (named != null) {
      conversationId = conversations.touch(tenantId, named.id()).id();
    } else if (Boolean.FALSE.equals(r.joinConversation())) {
      conversationId = null;
    } else {
      conversationId = conversations.open(tenantId, contactId).conversation().id();
    }
    return r.routed(to, contactId, conversationId);
  }
}
