package dev.herald.store.jdbc;

import dev.herald.testkit.EngagementStores;

/** Opens every JDBC store on one fresh database. */
final class JdbcEngagementStores {
  private JdbcEngagementStores() {}

  static EngagementStores open(StoreSettings settings) {
    JdbcMessageStore messages = JdbcMessageStore.open(settings);
    return new EngagementStores(messages, JdbcContactStore.on(messages), JdbcConsentStore.on(messages),
        JdbcConversationStore.on(messages), JdbcInboundStore.on(messages));
  }
}
