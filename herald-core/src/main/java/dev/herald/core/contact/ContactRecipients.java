package dev.herald.core.contact;

import java.util.Optional;

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
  private final dev.herald.core.message.Addresses addresses;

  public ContactRecipients(ContactStore contacts, ConversationService conversations,
      dev.herald.core.message.Addresses addresses) {
    this.contacts = contacts;
    this.conversations = conversations;
    this.addresses = addresses;
  }

  @Override
  public MessageRequest resolve(String tenantId, MessageRequest r) {
    if (r.contactId() == null && r.conversationId() == null) {
      return knownRecipient(tenantId, r);
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

  /**
   * A message to a raw address that belongs to a known contact is that contact's message: it joins
   * their active conversation (unless told not to) and counts as their activity when delivered.
   * An address that does not parse is left for validation to report.
   */
  private MessageRequest knownRecipient(String tenantId, MessageRequest r) {
    if (r.to() == null || r.to().isBlank() || "webhook".equalsIgnoreCase(r.channel())) {
      return r;
    }
    String address;
    try {
      address = addresses.normalise(Channel.parse(r.channel(), "channel"), r.to(), "to");
    } catch (ValidationException invalid) {
      return r;
    }
    Optional<Contact> contact = contacts.findByAddress(tenantId, address);
    if (contact.isEmpty()) {
      return r;
    }
    String conversationId = Boolean.FALSE.equals(r.joinConversation()) ? null
        : conversations.open(tenantId, contact.get().id()).conversation().id();
    return r.routed(address, contact.get().id(), conversationId);
  }
}
