package dev.herald.provider.twilio;

import dev.herald.core.provider.ProviderConfig;
import dev.herald.core.ratelimit.RateLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Twilio's documented sending rates per sender ("Understanding Twilio Rate Limits and Message
 * Queues", https://help.twilio.com/articles/115002943027): a US/Canada long code sends 1 message
 * per second, a toll-free number 3, a short code 100. Keys {@code twilio.sender_rate} (every sender)
 * and {@code twilio.messaging_service_rate} (default 10) override them; {@code twilio.account_rate}
 * adds an account-wide limit.
 */
final class TwilioThroughput {
  private static final Pattern SHORT_CODE = Pattern.compile("^\\d{5,6}$");
  private static final Pattern TOLL_FREE = Pattern.compile("^\\+1(800|833|844|855|866|877|888)\\d{7}$");

  private final String prefix;
  private final Integer senderRate;
  private final int messagingServiceRate;
  private final Integer accountRate;
  private final String account;

  TwilioThroughput(String prefix, String account, ProviderConfig config) {
    this.prefix = prefix;
    this.account = account;
    this.senderRate = optional(config, "sender_rate");
    this.messagingServiceRate = config.getInt("messaging_service_rate", 10);
    this.accountRate = optional(config, "account_rate");
  }

  private static Integer optional(ProviderConfig config, String key) {
    int v = config.getInt(key, 0);
    if (v < 0) {
      throw new dev.herald.core.error.ConfigurationException(config.fullKey(key), "must be positive");
    }
    return v == 0 ? null : v;
  }

  /** Limits for a send from {@code from} (a number or short code) or through {@code messagingServiceSid}. */
  List<RateLimit> limitsFor(String from, String messagingServiceSid) {
    List<RateLimit> limits = new ArrayList<>(2);
    if (accountRate != null) {
      limits.add(RateLimit.perSecond(prefix + ":account:" + account, accountRate));
    }
    if (from != null && !from.isBlank()) {
      limits.add(RateLimit.perSecond(prefix + ":sender:" + from, senderRate != null ? senderRate : documentedRate(from)));
    } else if (messagingServiceSid != null) {
      limits.add(RateLimit.perSecond(prefix + ":service:" + messagingServiceSid, messagingServiceRate));
    }
    return limits;
  }

  static int documentedRate(String sender) {
    if (SHORT_CODE.matcher(sender).matches()) {
      return 100;
    }
    if (TOLL_FREE.matcher(sender).matches()) {
      return 3;
    }
    return 1;
  }
}
