package dev.herald.provider.twilio;

import dev.herald.core.message.Channel;
import dev.herald.core.message.Message;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.ProviderContext;
import dev.herald.core.provider.WebhookReceiver;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SMS and MMS through Twilio's Message resource
 * (https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource):
 * {@code To}, {@code From} (the message's sender, else {@code twilio.from}), {@code MessagingServiceSid}
 * when configured, {@code Body}, one {@code MediaUrl} per entry of the comma-separated metadata key
 * {@value #MEDIA_URLS} (which makes it an MMS), and a per-message {@code StatusCallback}. Its
 * webhooks are {@code /webhooks/twilio/status} (message status) and {@code /webhooks/twilio/inbound}
 * (messages to our numbers).
 */
final class TwilioSmsProvider implements ChannelProvider {
  static final String ID = "twilio";
  /** Message metadata key holding media URLs, comma-separated. */
  static final String MEDIA_URLS = "media_urls";

  private final TwilioSettings settings;
  private final TwilioClient client;
  private final StatusCallbackUrl callbacks;
  private final WebhookReceiver receiver;
  private final TwilioThroughput throughput;

  TwilioSmsProvider(TwilioSettings settings, ProviderContext context) {
    this.settings = settings;
    this.throughput = new TwilioThroughput(ID, settings.accountSid(), context.config());
    this.client = new TwilioClient(settings, context.clock());
    this.receiver = settings.authToken() == null ? null : new SignedWebhookReceiver(
        new TwilioSignature(settings.authToken()),
        Map.of("status", r -> MessageStatusCallback.parse(ID, r), "inbound", r -> InboundSms.parse(ID, r)));
    this.callbacks = new StatusCallbackUrl(receiver == null ? null : context.publicBaseUrl(), ID);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<Channel> channels() {
    return Set.of(Channel.SMS);
  }

  @Override
  public int maxConcurrency() {
    return settings.concurrency();
  }

  @Override
  public DeliveryOutcome send(Message message) {
    FormBody form = new FormBody()
        .add("To", message.to())
        .add("From", message.from() != null && !message.from().isBlank() ? message.from() : settings.from())
        .add("MessagingServiceSid", settings.messagingServiceSid())
        .add("Body", message.content() == null ? null : message.content().text())
        .addAll("MediaUrl", mediaUrls(message))
        .add("StatusCallback", callbacks.forMessage(message.id()));
    return client.create("Messages", form);
  }

  /** The sender's documented throughput (and the account's, when configured). */
  @Override
  public List<dev.herald.core.ratelimit.RateLimit> rateLimits(Message message) {
    String from = message.from() != null && !message.from().isBlank() ? message.from() : settings.from();
    return throughput.limitsFor(from, settings.messagingServiceSid());
  }

  static List<String> mediaUrls(Message message) {
    String urls = message.metadata().get(MEDIA_URLS);
    return urls == null ? List.of() : Arrays.stream(urls.split(",")).map(String::trim).filter(u -> !u.isEmpty()).toList();
  }

  /** The signed-webhook receiver, or {@code null} without {@code twilio.auth_token} to verify with. */
  @Override
  public WebhookReceiver webhookReceiver() {
    return receiver;
  }

  @Override
  public void close() {
    client.close();
  }
}
