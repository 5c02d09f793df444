package dev.herald.provider.http;

import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.DeliveryOutcome.TransientFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

  /** The {@code User-Agent} Herald sends to providers. */
  public static final String USER_AGENT = "Herald/0.1.0";

  private ProviderCall() {}

  /**
   * A JSON {@code POST} authorised with a bearer token (SendGrid's API key, the Cloud API's access
   * token), bounded by {@code timeout}; callers add their own headers before {@code build()}.
   */
  public static HttpRequest.Builder bearerJsonPost(URI uri, Duration timeout, String token, String json) {
    return HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .header("User-Agent", USER_AGENT)
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
  }

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
