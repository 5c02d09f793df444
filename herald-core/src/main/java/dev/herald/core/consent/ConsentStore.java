package dev.herald.core.consent;

import dev.herald.core.message.Channel;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The append-only consent ledger (SQLite and PostgreSQL; contract suite {@code ConsentStoreContract}). */
public interface ConsentStore {

  void append(ConsentRecord record);

  /**
   * An address on a channel, within a tenant: what a ledger entry is about. The ledger compares
   * addresses by their {@link dev.herald.core.message.Addresses#key key}: an entry for an email
   * address holds for it in any case.
   */
  record Address(String tenantId, Channel channel, String address) {}

  /**
   * The latest entry (current state) of each of {@code addresses} that has any, by address as
   * asked, in one query however many addresses are asked for (the dispatcher asks for a whole
   * claimed batch).
   */
  Map<Address, ConsentRecord> latest(Collection<Address> addresses);

  /** The latest entry for an address on a channel: its current state. */
  default Optional<ConsentRecord> latest(String tenantId, Channel channel, String address) {
    Address key = new Address(tenantId, channel, address);
    return Optional.ofNullable(latest(List.of(key)).get(key));
  }

  /** Every entry of a contact, oldest first. */
  List<ConsentRecord> history(String tenantId, String contactId);

  /**
   * A node-independent secret by name: {@code candidate} is stored the first time and the stored
   * value is returned ever after (so every node signs unsubscribe links alike).
   */
  String secret(String name, String candidate);
}
