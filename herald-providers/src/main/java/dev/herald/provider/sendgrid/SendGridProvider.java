package dev.herald.provider.sendgrid;

import dev.herald.core.message.Channel;
import dev.herald.core.message.Message;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.WebhookReceiver;
import java.time.Clock;
import java.util.Set;

/**
 * Sends email through SendGrid's Mail Send API and receives its Signed Event Webhook. A 2xx answer
 * is accepted with its {@code X-Message-Id}; should SendGrid ever omit that header, the events still
 * reach the message through its {@code herald_message_id} custom argument. Failures are sorted by
 * {@link SendGridErrorClassifier}; timeouts and connection errors are transient.
 */
final class SendGridProvider implements ChannelProvider {
  static final String ID = "sendgrid";

  private final SendGridSettings settings;
  private final SendGridClient client;
  private final SendGridWebhookReceiver webhooks;
  private final Clock clock;

  SendGridProvider(SendGridSettings settings, Clock clock) {
    this.settings = settings;
    this.client = new SendGridClient(settings);
    this.webhooks = new SendGridWebhookReceiver(
        new EventWebhookVerifier(settings.webhookPublicKey(), settings.webhookMaxAge(), clock));
    this.clock = clock;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<Channel> channels() {
    return Set.of(Channel.EMAIL);
  }

  @Override
  public DeliveryOutcome send(Message message) {
    return switch (SendGridMailBody.of(message, settings)) {
      case SendGridMailBody.Result.Rejected r -> r.failure();
      case SendGridMailBody.Result.Ready r -> post(r.json());
    };
  }

  private DeliveryOutcome post(String json) {
    return dev.herald.provider.http.ProviderCall.run("SendGrid", () -> outcome(client.send(json)));
  }

  private DeliveryOutcome outcome(SendGridClient.Response response) {
    if (response.status() >= 200 && response.status() < 300) {
      return new DeliveryOutcome.Accepted(response.messageId(), null, null, response.status());
    }
    return SendGridErrorClassifier.classify(response, clock);
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
