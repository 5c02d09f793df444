package dev.herald.provider.http;

import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.DeliveryOutcome.TransientFailure;
import java.io.IOException;
import java.net.http.HttpTimeoutException;

/**
 * One provider HTTP exchange with its transport failures sorted the same way for every provider:
 * a timeout, a network error or an interrupted call is a transient failure (the request may or may
 * not have reached the provider, so it is retried; DESIGN §4 accepts that at-least-once window).
 */
public final class ProviderCall {
  /** The exchange: sends the request and turns the provider's answer into an outcome. */
  @FunctionalInterface
  public interface Exchange {
    DeliveryOutcome run() throws IOException, InterruptedException;
  }

  private ProviderCall() {}

  /**
   * Runs {@code exchange}.
   *
   * @param who the provider as named in failure reasons ("SendGrid", "the Cloud API", a host name)
   */
  public static DeliveryOutcome run(String who, Exchange exchange) {
    try {
      return exchange.run();
    } catch (HttpTimeoutException e) {
      return new TransientFailure("timeout", who + " did not answer in time: " + e.getMessage(), null, 0);
    } catch (IOException e) {
      return new TransientFailure("network", "could not reach " + who + ": " + e, null, 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new TransientFailure("interrupted", "send interrupted", null, 0);
    }
  }
}
