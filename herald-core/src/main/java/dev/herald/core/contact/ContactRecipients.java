package dev.herald.core.contact;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

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
   * Reads the contacts owning the raw recipient addresses of all {@code requests} in one lookup;
   * requests naming a contact or conversation are resolved one by one as in {@link #resolve}.
   */
  @Override
  public Prepared prepare(String tenantId, List<MessageRequest> requests) {
    Map<MessageRequest, String> raw = new IdentityHashMap<>();
    for (MessageRequest r : requests) {
      if (r.contactId() == null && r.conversationId() == null) {
        String address = rawAddress(r);
        if (address != null) {
          raw.put(r, address);
        }
      }
    }
    Map<String, Contact> known = raw.isEmpty() ? Map.of() : contacts.findByAddresses(tenantId, raw.values());
    return r -> {
      if (r.contactId() != null || r.conversationId() != null) {
        return resolve(tenantId, r);
      }
      String address = raw.get(r);
      return address == null ? r : joined(tenantId, r, address, known.get(address));
    };
  }

  /**
   * A message to a raw address that belongs to a known contact is that contact's message: it joins
   * their active conversation (unless told not to) and counts as their activity when delivered.
   */
  private MessageRequest knownRecipient(String tenantId, MessageRequest r) {
    String address = rawAddress(r);
    return address == null ? r : joined(tenantId, r, address, contacts.findByAddress(tenantId, address).orElse(null));
  }

  /** The normalised raw recipient, or {@code null} when there is none to look up (or it does not parse: validation reports that). */
  private String rawAddress(MessageRequest r) {
    if (r.to() == null || r.to().isBlank() || "webhook".equalsIgnoreCase(r.channel())) {
      return null;
    }
    try {
      return addresses.normalise(Channel.parse(r.channel(), "channel"), r.to(), "to");
    } catch (ValidationException invalid) {
      return null;
    }
  }

  private MessageRequest joined(String tenantId, MessageRequest r, String address, Contact contact) {
    if (contact == null) {
      return r;
    }
    String conversationId = Boolean.FALSE.equals(r.joinConversation()) ? null
        : conversations.open(tenantId, contact.id()).conversation().id();
    return r.routed(address, contact.id(), conversationId);
  }
}
