package dev.herald.core.consent;

import dev.herald.core.error.ValidationException;
import dev.herald.core.message.Addresses;
import dev.herald.core.message.Channel;
import dev.herald.core.message.EmailHeaderFields;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageRequest;
import dev.herald.core.message.RecipientResolver;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives every marketing email a one-click unsubscribe link (RFC 8058) in metadata
 * {@value #METADATA_KEY}; the email providers (SMTP, SendGrid) turn it into the
 * {@code List-Unsubscribe} and {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click} headers.
 * Runs after the contact resolver, so the address is known. A caller's own link is kept (it has
 * passed {@link MessageRequest#checkCallerMetadata}).
 */
public final class UnsubscribeHeaders implements RecipientResolver {
  /** Metadata key carrying the unsubscribe URL. */
  public static final String METADATA_KEY = EmailHeaderFields.LIST_UNSUBSCRIBE;

  private final RecipientResolver before;
  private final UnsubscribeLinks links;
  private final Addresses addresses;

  public UnsubscribeHeaders(RecipientResolver before, UnsubscribeLinks links, Addresses addresses) {
    this.before = before;
    this.links = links;
    this.addresses = addresses;
  }

  @Override
  public Prepared prepare(String tenantId, List<MessageRequest> requests) {
    Prepared resolved = before.prepare(tenantId, requests);
    return new Prepared() {
      @Override
      public MessageRequest resolve(MessageRequest request) {
        return withLink(tenantId, resolved.resolve(request));
      }

      @Override
      public List<Message> join(List<Message> accepted) {
        return resolved.join(accepted);
      }

      @Override
      public void undo() {
        resolved.undo();
      }
    };
  }

  private MessageRequest withLink(String tenantId, MessageRequest r) {
    if (!"email".equalsIgnoreCase(r.channel()) || !"marketing".equalsIgnoreCase(r.category())
        || r.to() == null || r.to().isBlank() || (r.metadata() != null && r.metadata().containsKey(METADATA_KEY))) {
      return r;
    }
    String address;
    try {
      address = addresses.email(r.to(), "to");
    } catch (ValidationException invalid) {
      return r;
    }
    Map<String, String> metadata = new LinkedHashMap<>(r.metadata() == null ? Map.of() : r.metadata());
    metadata.put(METADATA_KEY, links.url(tenantId, Channel.EMAIL, address));
    return new MessageRequest(r.channel(), r.to(), r.from(), r.body(), r.subject(), r.html(), r.category(), r.priority(),
        r.sendAt(), r.expiresAt(), metadata, r.contactId(), r.conversationId(), r.joinConversation());
  }
}
