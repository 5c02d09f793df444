package dev.herald.provider.whatsapp;

import dev.herald.provider.http.RetryAfter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.message.Channel;
import dev.herald.core.message.Message;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.DeliveryOutcome.TransientFailure;
import dev.herald.core.provider.WebhookReceiver;
import java.io.IOException;
import java.time.Clock;
import java.util.Set;

/**
 * Sends WhatsApp messages through Meta's Cloud API and receives its webhooks. A 2xx answer's
 * {@code messages[0].id} (the {@code wamid}) becomes the provider message id; failures are sorted
 * by {@link WhatsAppErrorClassifier}; timeouts and connection errors are transient.
 */
final class WhatsAppProvider implements ChannelProvider {
  static final String ID = "whatsapp";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WhatsAppClient client;
  private final WhatsAppWebhookReceiver webhooks;
  private final Clock clock;
  private final WhatsAppSettings settings;
  private final int rate;

  /**
   * @param rate messages per second per business phone number (Meta's default throughput is 80;
   *     https://developers.facebook.com/docs/whatsapp/cloud-api/overview#throughput); key {@code whatsapp.rate}
   */
  WhatsAppProvider(WhatsAppSettings settings, Clock clock, int rate) {
    this.rate = rate;
    this.settings = settings;
    this.client = new WhatsAppClient(settings);
    this.webhooks = new WhatsAppWebhookReceiver(settings);
    this.clock = clock;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<Channel> channels() {
    return Set.of(Channel.WHATSAPP);
  }

  /** Meta's per-number throughput, shared by every node on PostgreSQL. */
  @Override
  public java.util.List<dev.herald.core.ratelimit.RateLimit> rateLimits(Message message) {
    return java.util.List.of(dev.herald.core.ratelimit.RateLimit.perSecond("whatsapp:number:" + settings.phoneNumberId(), rate));
  }

  @Override
  public DeliveryOutcome send(Message message) {
    return switch (WhatsAppRequestBody.of(message)) {
      case WhatsAppRequestBody.Result.Rejected r -> r.failure();
      case WhatsAppRequestBody.Result.Ready r -> post(r.json());
    };
  }

  private DeliveryOutcome post(String json) {
    return dev.herald.provider.http.ProviderCall.run("the Cloud API", () -> outcome(client.postMessage(json)));
  }

  private DeliveryOutcome outcome(WhatsAppClient.Response response) {
    if (!response.isSuccess()) {
      return WhatsAppErrorClassifier.classify(response.status(), GraphError.parse(response.body()),
          RetryAfter.parse(response.retryAfter(), clock.instant()));
    }
    String wamid = messageId(response.body());
    if (wamid == null) {
      // Without an id no status callback can be matched; retrying risks a duplicate, losing it is worse.
      return new TransientFailure("malformed_response", "2xx answer without messages[0].id: " + response.body(),
          null, response.status());
    }
    return new DeliveryOutcome.Accepted(wamid, null, null, response.status());
  }

  private static String messageId(String body) {
    try {
      JsonNode id = JSON.readTree(body).path("messages").path(0).path("id");
      return id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public WebhookReceiver webhookReceiver() {
    return webhooks;
  }

  @Override
  public void close() {
    client.close();
  }
}
