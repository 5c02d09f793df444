package dev.herald.core.contact;

import dev.herald.core.conversation.Conversation;
import dev.herald.core.conversation.ConversationService;
import dev.herald.core.error.ValidationException;
import dev.herald.core.message.Addresses;
import dev.herald.core.message.Channel;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageRequest;
import dev.herald.core.message.RecipientResolver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves {@code contact_id}, {@code conversation_id} and raw addresses of known contacts at
 * accept time. A request naming a contact gets the contact's address for its channel; a raw address
 * that belongs to a contact makes the message that contact's. Either way the contact's
 * capabilities apply alike ({@link Contact#refusal}: 422 naming {@code contact_id} or {@code to}),
 * and the message joins the contact's open conversation, opened when needed, unless it names
 * another or asks to join none. Conversations are opened and extended only in
 * {@link Prepared#join}, after every request of the call passed validation.
 */
public final class ContactRecipients implements RecipientResolver {
  private final ContactStore contacts;
  private final ConversationService conversations;
  private final Addresses addresses;

  public ContactRecipients(ContactStore contacts, ConversationService conversations, Addresses addresses) {
    this.contacts = contacts;
    this.conversations = conversations;
    this.addresses = addresses;
  }

  /** Reads the contacts owning the raw recipient addresses of all {@code requests} in one lookup. */
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
    return new Resolution(tenantId, raw, known);
  }

  /** The conversation work a resolved request implies: open the contact's, extend a named one, or none. */
  private record Joining(String openFor, String extend) {
    static final Joining NONE = new Joining(null, null);
  }

  private final class Resolution implements Prepared {
    private final String tenantId;
    private final Map<MessageRequest, String> raw;
    private final Map<String, Contact> known;
    private final List<Joining> joinings = new ArrayList<>();
    private final Set<String> opened = new LinkedHashSet<>();

    Resolution(String tenantId, Map<MessageRequest, String> raw, Map<String, Contact> known) {
      this.tenantId = tenantId;
      this.raw = raw;
      this.known = known;
    }

    @Override
    public MessageRequest resolve(MessageRequest r) {
      if (r.contactId() == null && r.conversationId() == null) {
        String address = raw.get(r);
        Contact contact = address == null ? null : known.get(address);
        if (contact == null) {
          joinings.add(Joining.NONE);
          return r;
        }
        refuseIfUnable(contact, Channel.parse(r.channel(), "channel"), "to");
        joinings.add(Boolean.FALSE.equals(r.joinConversation()) ? Joining.NONE : new Joining(contact.id(), null));
        return r.routed(address, contact.id(), null);
      }
      Conversation named = r.conversationId() == null ? null
          : conversations.openForMessage(tenantId, r.conversationId(), "conversation_id");
      String contactId = r.contactId() != null ? r.contactId() : named.contactId();
      if (named != null && !named.contactId().equals(contactId)) {
        throw new ValidationException("conversation_id", "conversation " + named.id() + " belongs to another contact");
      }
      Contact contact = contacts.find(tenantId, contactId)
          .orElseThrow(() -> new ValidationException("contact_id", "no contact " + contactId));
      Channel channel = Channel.parse(r.channel(), "channel");
      refuseIfUnable(contact, channel, "contact_id");
      String to = r.to();
      if (to == null || to.isBlank()) {
        to = contact.addressFor(channel).orElseThrow(() -> new ValidationException("contact_id",
            "contact " + contactId + " has no address for channel " + channel.wireName()));
      }
      Joining joining = named != null ? new Joining(null, named.id())
          : Boolean.FALSE.equals(r.joinConversation()) ? Joining.NONE : new Joining(contactId, null);
      joinings.add(joining);
      return r.routed(to, contactId, named == null ? null : named.id());
    }

    @Override
    public List<Message> join(List<Message> accepted) {
      if (accepted.size() != joinings.size()) {
        throw new IllegalStateException(accepted.size() + " messages for " + joinings.size() + " resolved requests");
      }
      Map<String, String> byContact = new HashMap<>();
      Set<String> extended = new HashSet<>();
      List<Message> out = new ArrayList<>(accepted.size());
      for (int i = 0; i < accepted.size(); i++) {
        Joining j = joinings.get(i);
        Message m = accepted.get(i);
        if (j.openFor() != null) {
          String id = byContact.computeIfAbsent(j.openFor(), contact -> {
            ConversationService.Opened o = conversations.open(tenantId, contact);
            if (o.created()) {
              opened.add(o.conversation().id());
            }
            return o.conversation().id();
          });
          m = m.inConversation(id);
        } else if (j.extend() != null && extended.add(j.extend())) {
          conversations.touch(tenantId, j.extend());
        }
        out.add(m);
      }
      return out;
    }

    @Override
    public void undo() {
      opened.forEach(id -> conversations.discardUnused(tenantId, id));
      opened.clear();
    }
  }

  private static void refuseIfUnable(Contact contact, Channel channel, String field) {
    contact.refusal(channel).ifPresent(why -> {
      throw new ValidationException(field, why);
    });
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
}
