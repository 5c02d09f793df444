package dev.herald.testkit;

import dev.herald.core.consent.ConsentStore;
import dev.herald.core.contact.ContactStore;
import dev.herald.core.conversation.ConversationStore;
import dev.herald.core.inbound.InboundStore;
import dev.herald.core.store.MessageStore;

/** The stores of contacts, consent, conversations and inbound messages on one database, for contract suites. */
public record EngagementStores(MessageStore messages, ContactStore contacts, ConsentStore consent,
    ConversationStore conversations, InboundStore inbound) implements AutoCloseable {
  @Override
  public void close() {
    messages.close();
  }
}
