package dev.herald.core.contact;

import dev.herald.core.error.ConflictException;
import dev.herald.core.error.NotFoundException;
import dev.herald.core.error.ValidationException;
import dev.herald.core.message.Addresses;
import dev.herald.core.message.Channel;
import dev.herald.core.store.Page;
import java.time.Clock;
import java.util.Optional;

/** Creates, reads, changes and finds contacts; creates the contact behind an unknown inbound address. */
public final class ContactService {
  private final ContactStore store;
  private final Addresses addresses;
  private final Clock clock;

  public ContactService(ContactStore store, Addresses addresses, Clock clock) {
    this.store = store;
    this.addresses = addresses;
    this.clock = clock;
  }

  /** @throws ConflictException when an address already belongs to another contact */
  public Contact create(String tenantId, ContactRequest request) {
    Contact c = request.toContact(tenantId, addresses, clock.instant());
    store.insert(c);
    return c;
  }

  /** @throws NotFoundException when the tenant has no such contact */
  public Contact get(String tenantId, String id) {
    return store.find(tenantId, id).orElseThrow(() -> new NotFoundException("no contact " + id));
  }

  /** Replaces a contact's description (the API merges a patch into the current one first). */
  public Contact update(String tenantId, String id, ContactRequest request) {
    Contact current = get(tenantId, id);
    Contact next = current.updatedWith(request.toContact(tenantId, addresses, clock.instant()), clock.instant());
    store.update(next);
    return next;
  }

  public void delete(String tenantId, String id) {
    if (!store.delete(tenantId, id)) {
      throw new NotFoundException("no contact " + id);
    }
  }

  public Page<Contact> list(String tenantId, String cursor, int limit) {
    return store.list(tenantId, cursor, limit);
  }

  /**
   * The contact with this address: a phone number (any format the default region understands) or
   * an email address.
   *
   * @throws ValidationException when {@code address} is neither
   * @throws NotFoundException when no contact has it
   */
  public Contact lookup(String tenantId, String address) {
    String normalised = normalise(address, "address");
    return store.findByAddress(tenantId, normalised)
        .orElseThrow(() -> new NotFoundException("no contact has the address " + normalised));
  }

  /**
   * The contact behind an inbound address on {@code channel}, created when unknown. The message
   * teaches the contact what it proves ({@link ContactStore#learnInbound}): a known contact writing
   * on WhatsApp gets that WhatsApp id and {@code has_whatsapp}, one texting us gets
   * {@code allows_sms}; a contact created here starts with both for its channel.
   */
  public Contact resolveInbound(String tenantId, Channel channel, String address) {
    Optional<Contact> known = store.findByAddress(tenantId, address);
    if (known.isPresent()) {
      Contact k = known.get();
      if (!k.provenBy(channel)) {
        store.learnInbound(tenantId, k.id(), channel, address, clock.instant());
        return store.find(tenantId, k.id()).orElse(k);
      }
      return k;
    }
    ContactRequest request = switch (channel) {
      case EMAIL -> new ContactRequest(null, null, address, null, null, null, null, null, null, null);
      case WHATSAPP -> new ContactRequest(null, address, null, address, true, null, null, null, null, null);
      case SMS -> new ContactRequest(null, address, null, null, null, true, null, null, null, null);
      case VOICE, WEBHOOK -> new ContactRequest(null, address, null, null, null, null, null, null, null, null);
    };
    try {
      return create(tenantId, request);
    } catch (ConflictException raced) {
      return store.findByAddress(tenantId, address).orElseThrow(() -> raced);
    }
  }

  /** Records activity of a contact on a channel (inbound or delivered outbound traffic). */
  public void touch(String tenantId, String contactId, Channel channel) {
    store.touch(tenantId, contactId, channel, clock.instant());
  }

  private String normalise(String address, String field) {
    if (address == null || address.isBlank()) {
      throw new ValidationException(field, "is required");
    }
    return address.contains("@") ? addresses.email(address, field) : addresses.phone(address, field);
  }
}
