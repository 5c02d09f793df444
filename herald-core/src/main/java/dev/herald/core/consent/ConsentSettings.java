package dev.herald.core.consent;

import java.util.Map;

/**
 * @param replies keyword replies for tenants without their own
 * @param tenantReplies keyword replies by tenant id
 * @param marketingRequiresOptIn when true, marketing goes only to addresses with an explicit opt-in
 */
public record ConsentSettings(KeywordReplies replies, Map<String, KeywordReplies> tenantReplies,
    boolean marketingRequiresOptIn) {
  public static final ConsentSettings DEFAULT = new ConsentSettings(KeywordReplies.DEFAULT, Map.of(), false);

  public ConsentSettings {
    tenantReplies = Map.copyOf(tenantReplies);
  }

  public KeywordReplies repliesFor(String tenantId) {
    return tenantReplies.getOrDefault(tenantId, replies);
  }
}
