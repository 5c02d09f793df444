package dev.herald.provider.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.DeliveryOutcome.Accepted;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twilio's REST API v2010 over {@code java.net.http}: creates a resource under
 * {@code POST {base_url}/2010-04-01/Accounts/{AccountSid}/{Resource}.json} with a form-encoded
 * body and HTTP Basic credentials (https://www.twilio.com/docs/usage/requests-to-twilio), and turns
 * the answer into a {@link DeliveryOutcome}: a 2xx carries the new resource as JSON, whose
 * {@code sid} becomes the provider message id and whose {@code price}/{@code price_unit}, when
 * already set, the cost; anything else goes to {@link TwilioErrors}.
 */
final class TwilioClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TwilioClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TwilioSettings settings;
  private final TwilioErrors errors;
  private final HttpClient http;
  private final String authorization;

  TwilioClient(TwilioSettings settings, Clock clock) {
    this.settings = settings;
    this.errors = new TwilioErrors(clock);
    this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    String credentials = settings.username() + ":" + settings.password();
    this.authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Creates one {@code resource} ({@code Messages} or {@code Calls}); blocks for at most the
   * configured timeout. Never throws for a delivery problem.
   */
  DeliveryOutcome create(String resource, FormBody form) {
    HttpRequest request = HttpRequest.newBuilder(uri(resource))
        .timeout(settings.timeout())
        .header("Authorization", authorization)
        .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form.encoded(), StandardCharsets.UTF_8))
        .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return accepted(status, response.body());
      }
      return errors.classify(status, response.body(), response.headers().firstValue("Retry-After").orElse(null));
    } catch (HttpTimeoutException e) {
      return errors.timeout(settings.timeout());
    } catch (IOException e) {
      return errors.ioFailure(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new DeliveryOutcome.TransientFailure("interrupted", "send interrupted", null, 0);
    }
  }

  /**
   * Twilio created the resource, so the outcome is accepted even if its body cannot be read: a
   * retry would send twice, and the status callbacks still find the message by
   * {@code herald_message_id}.
   */
  private Accepted accepted(int status, String body) {
    try {
      JsonNode n = JSON.readTree(body);
      String sid = n.path("sid").asText(null);
      TwilioPrice price = TwilioPrice.parse(n.path("price").asText(null), n.path("price_unit").asText(null));
      if (sid == null) {
        LOG.warn("Twilio answered {} without a sid", status);
      }
      return new Accepted(sid, price == null ? null : price.amount(), price == null ? null : price.currency(), status);
    } catch (IOException e) {
      LOG.warn("Twilio answered {} with an unreadable body", status, e);
      return new Accepted(null, null, null, status);
    }
  }

  private URI uri(String resource) {
    return URI.create(settings.baseUrl() + "/2010-04-01/Accounts/" + settings.accountSid() + "/" + resource + ".json");
  }

  @Override
  public void close() {
    http.close();
  }
}
