package dev.herald.core.provider;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * What one provider call produced. The dispatcher switches over it: accepted messages move to
 * {@code sent}; transient failures fail over to the next provider, then retry with backoff;
 * permanent failures never retry.
 */
public sealed interface DeliveryOutcome {
  /** HTTP status of the provider's answer, 0 when the call was not HTTP or got no answer. */
  int httpStatus();

  /**
   * The provider took the message.
   *
   * @param providerMessageId the provider's own id, used to match its status callbacks
   * @param cost price reported by the provider at send time, or {@code null}
   * @param currency ISO 4217 code of {@code cost}, or {@code null}
   * @param delivered true when the provider's answer itself confirms delivery (a webhook
   *     receiver's 2xx), so the message goes straight to {@code delivered}
   */
  record Accepted(String providerMessageId, BigDecimal cost, String currency, int httpStatus, boolean delivered)
      implements DeliveryOutcome {
    public Accepted(String providerMessageId, BigDecimal cost, String currency, int httpStatus) {
      this(providerMessageId, cost, currency, httpStatus, false);
    }

    public static Accepted of(String providerMessageId) {
      return new Accepted(providerMessageId, null, null, 200);
    }
  }

  /**
   * A failure that may succeed later (timeouts, 5xx, throttling).
   *
   * @param retryAfter the provider's requested wait, or {@code null}; wins over the backoff when longer
   */
  record TransientFailure(String code, String reason, Duration retryAfter, int httpStatus)
      implements DeliveryOutcome {}

  /**
   * A failure that will not succeed on retry (invalid number, rejected content, unsubscribed).
   *
   * @param recipientOptedOut true when the provider reports that the recipient opted out
   */
  record PermanentFailure(String code, String reason, int httpStatus, boolean recipientOptedOut)
      implements DeliveryOutcome {
    public PermanentFailure(String code, String reason, int httpStatus) {
      this(code, reason, httpStatus, false);
    }
  }

  /** Short wire name of the outcome: {@code accepted}, {@code transient_failure}, {@code permanent_failure}. */
  default String kind() {
    return switch (this) {
      case Accepted a -> "accepted";
      case TransientFailure t -> "transient_failure";
      case PermanentFailure p -> "permanent_failure";
    };
  }
}
