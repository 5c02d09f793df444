package dev.herald.provider.vonage;

import dev.herald.core.message.Channel;
import dev.herald.core.message.Message;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.DeliveryOutcome.PermanentFailure;
import dev.herald.core.provider.ProviderContext;
import dev.herald.core.provider.WebhookReceiver;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Sends SMS through Vonage's SMS API. The request carries {@code api_key}, {@code api_secret},
 * {@code from} (the message's, else {@code vonage.from}; a leading {@code +} dropped), {@code to}
 * (E.164 digits without {@code +}), {@code text}, {@code type} ({@code unicode} when the text leaves
 * the GSM 7-bit alphabet, else {@code text}), {@code callback}
 * ({@code {publicBaseUrl}/webhooks/vonage/status}) and {@code client-ref} (the Herald message id,
 * which Vonage echoes in the signed fields of each delivery receipt; the callback URL carries no id,
 * since a parameter Herald adds to it is no receipt field and may arrive unsigned). The answer is classified by
 * {@link VonageSubmitResults}.
 */
final class VonageProvider implements ChannelProvider {
  static final String ID = "vonage";
  private static final Pattern E164 = Pattern.compile("\\+?[1-9]\\d{6,14}");

  private final VonageSettings settings;
  private final ProviderContext context;
  private final VonageSmsClient client;
  private final VonageWebhookReceiver receiver;

  private final int rate;

  VonageProvider(VonageSettings settings, ProviderContext context) {
    this.rate = context.config().getInt("rate", 30);
    this.settings = settings;
    this.context = context;
    this.client = new VonageSmsClient(settings);
    this.receiver = new VonageWebhookReceiver(settings, context.clock());
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
  public WebhookReceiver webhookReceiver() {
    return receiver;
  }

  /**
   * Vonage's default account throughput for the SMS API, 30 requests per second
   * (https://api.support.vonage.com/hc/en-us/articles/203993598); key {@code vonage.rate}.
   */
  @Override
  public java.util.List<dev.herald.core.ratelimit.RateLimit> rateLimits(Message message) {
    return java.util.List.of(dev.herald.core.ratelimit.RateLimit.perSecond("vonage:account:" + settings.apiKey(), rate));
  }

  @Override
  public DeliveryOutcome send(Message message) {
    String from = message.from() != null ? message.from() : settings.from();
    if (from == null) {
      return new PermanentFailure("no_sender", "the message has no from and vonage.from is not set", 0);
    }
    if (message.to() == null || !E164.matcher(message.to()).matches()) {
      return new PermanentFailure("invalid_recipient", "'" + message.to() + "' is not an E.164 number", 0);
    }
    String text = message.content() == null ? null : message.content().text();
    if (text == null || text.isEmpty()) {
      return new PermanentFailure("no_text", "the message has no text", 0);
    }
    return dev.herald.provider.http.ProviderCall.run("Vonage", () -> VonageSubmitResults.classify(
        client.submit(form(message, from, text)), settings.currency(), context.clock().instant()));
  }

  private Map<String, String> form(Message message, String from, String text) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("api_key", settings.apiKey());
    form.put("api_secret", settings.apiSecret());
    form.put("from", from.startsWith("+") ? from.substring(1) : from);
    form.put("to", message.to().startsWith("+") ? message.to().substring(1) : message.to());
    form.put("text", text);
    form.put("type", dev.herald.core.template.SmsEncoding.measure(text).encoding()
        == dev.herald.core.template.SmsParts.Encoding.GSM_7 ? "text" : "unicode");
    if (context.publicBaseUrl() != null) {
      form.put("callback", context.publicBaseUrl() + "/webhooks/" + ID + "/status");
    }
    form.put("client-ref", message.id());
    return form;
  }

  @Override
  public void close() {
    client.close();
  }
}
