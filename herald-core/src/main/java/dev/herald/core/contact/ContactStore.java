package dev.herald.core.contact;

import dev.herald.core.message.Channel;
import dev.herald.core.store.Page;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable contacts (SQLite and PostgreSQL; contract suite {@code ContactStoreContract}). Every
 * address (phone, email, WhatsApp id) belongs to at most one contact of a tenant; the database
 * enforces it. An email address is kept as written and compared by its {@link
 * dev.herald.core.message.Addresses#key key}: written in any case, it is one address.
 */
public interface ContactStore {

  /** @throws dev.herald.core.error.ConflictException when an address already belongs to another contact */
  void insert(Contact contact);

  /** @throws dev.herald.core.error.ConflictException when an address already belongs to another contact */
  void update(Contact contact);

  /** Deletes a contact; false when there was none. */
  boolean delete(String tenantId, String id);

  Optional<Contact> find(String tenantId, String id);

  /** The contact whose phone, email (in any case) or WhatsApp id is {@code address} (normalised). */
  default Optional<Contact> findByAddress(String tenantId, String address) {
    return Optional.ofNullable(findByAddresses(tenantId, List.of(address)).get(address));
  }

  /**
   * The contacts owning any of {@code addresses} (normalised), by address as asked (an email
   * address asked in two cases has two entries); addresses no contact owns are absent. One query
   * for the lot (a batch of messages asks for all its recipients).
   */
  Map<String, Contact> findByAddresses(String tenantId, Collection<String> addresses);

  /** A tenant's contacts, newest first. */
  Page<Contact> list(String tenantId, String cursor, int limit);

  /**
   * Records what an inbound message on {@code channel} ({@code sms} or {@code whatsapp}) from
   * {@code address} proves: the contact uses that channel ({@code allows_sms} or
   * {@code has_whatsapp} becomes true), and {@code address} becomes its phone or WhatsApp id when
   * it has none and no other contact of the tenant holds it there. Other channels change nothing.
   */
  void learnInbound(String tenantId, String id, Channel channel, String address, Instant at);

  /** Records activity on {@code channel} at {@code at}, unless a later activity is already recorded. */
  void touch(String tenantId, String id, Channel channel, Instant at);
}
