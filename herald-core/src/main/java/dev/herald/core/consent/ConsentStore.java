package dev.herald.core.consent;

import dev.herald.core.message.Channel;
import java.util.List;
import java.util.Optional;

/** The append-only consent ledger (SQLite and PostgreSQL; contract suite {@code ConsentStoreContract}). */
public interface ConsentStore {

  void append(ConsentRecord record);

  /** The latest entry for an address on a channel: its current state. */
  Optional<ConsentRecord> latest(String tenantId, Channel channel, String address);

  /** Every entry of a contact, oldest first. */
  List<ConsentRecord> history(String tenantId, String contactId);

  /**
   * A node-independent secret by name: {@code candidate} is stored the first time and the stored
   * value is returned ever after (so every node signs unsubscribe links alike).
   */
  String secret(String name, String candidate);
}
