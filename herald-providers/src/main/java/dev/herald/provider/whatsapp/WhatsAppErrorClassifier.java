package dev.herald.provider.whatsapp;

import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.DeliveryOutcome.PermanentFailure;
import dev.herald.core.provider.DeliveryOutcome.TransientFailure;
import java.time.Duration;
import java.util.Set;

/**
 * The one place where a failed Cloud API send becomes a transient or permanent failure, by Graph
 * error code first and HTTP status second (codes from Meta's "WhatsApp Cloud API error codes" and
 * Graph API "Handling Errors" pages).
 *
 * <ul>
 *   <li>Transient: throttling ({@code 4}, {@code 80007} account rate limit, {@code 130429} throughput,
 *       {@code 131048} spam rate limit, {@code 131056} pair rate limit), temporary server trouble
 *       ({@code 1}, {@code 2}, {@code 131000}, {@code 131016}, {@code 131057}, {@code 133004}), and
 *       any other error answered with HTTP 429 or 5xx.
 *   <li>Permanent: {@code 131047} (more than 24 hours since the customer last wrote; only a template
 *       may be sent), {@code 131026} (undeliverable), {@code 131051} (unsupported type), {@code 100}
 *       (invalid parameter), template problems ({@code 132000}–{@code 132069}), configuration
 *       ({@code 190} expired access token, {@code 3}, {@code 10}, {@code 200}–{@code 299}
 *       permissions, {@code 131031} locked account, {@code 131042} payment, {@code 133010}
 *       unregistered number), and any other 4xx. {@code 131050} (the user stopped marketing
 *       messages) is permanent and marks the recipient as opted out.
 * </ul>
 *
 * <p>An answer without a Graph error body (code 0 here; Graph's own code 0 comes with a 4xx) is
 * sorted by its HTTP status alone.
 */
final class WhatsAppErrorClassifier {
  private static final Set<Integer> TRANSIENT =
      Set.of(1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056, 131057, 133004);
  private static final Set<Integer> PERMANENT = Set.of(3, 10, 100, 190, 368, 130472, 131008, 131009,
      131021, 131026, 131030, 131031, 131042, 131045, 131047, 131049, 131051, 131052, 131053, 133010);
  private static final int OPTED_OUT = 131050;

  private WhatsAppErrorClassifier() {}

  /**
   * @param httpStatus the non-2xx status of the answer
   * @param error the parsed Graph error (code 0 when the body had none)
   * @param retryAfter the {@code Retry-After} wait when the answer carried one, else {@code null}
   */
  static DeliveryOutcome classify(int httpStatus, GraphError error, Duration retryAfter) {
    String code = error.code() == 0 ? "http_" + httpStatus : String.valueOf(error.code());
    String reason = error.code() == 0 && error.message() == null ? "HTTP " + httpStatus : error.reason();
    if (error.code() == OPTED_OUT) {
      return new PermanentFailure(code, reason, httpStatus, true);
    }
    boolean knownPermanent = PERMANENT.contains(error.code()) || inPermanentRange(error.code());
    boolean transientFailure = TRANSIENT.contains(error.code())
        || (!knownPermanent && (httpStatus == 429 || httpStatus >= 500));
    return transientFailure
        ? new TransientFailure(code, reason, retryAfter, httpStatus)
        : new PermanentFailure(code, reason, httpStatus);
  }

  /** Template errors (132000–132069) and permission errors (200–299). */
  private static boolean inPermanentRange(int code) {
    return (code >= 132000 && code <= 132069) || (code >= 200 && code <= 299);
  }
}
