package dev.herald.provider.twilio;

import dev.herald.core.message.Channel;
import dev.herald.core.message.Message;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.ProviderContext;
import dev.herald.core.provider.WebhookReceiver;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Voice messages through Twilio's Call resource
 * (https://www.twilio.com/docs/voice/api/call-resource#create-a-call-resource): a call to
 * {@code To} from {@code From} whose inline {@code Twiml} speaks the message text with
 * {@code <Say>} ({@link SayTwiml}), with a per-message {@code StatusCallback} and the
 * {@code StatusCallbackEvent}s {@code initiated ringing answered completed}. Its webhook is
 * {@code /webhooks/twilio_voice/status}.
 */
final class TwilioVoiceProvider implements ChannelProvider {
  static final String ID = "twilio_voice";
  static final List<String> CALL_EVENTS = List.of("initiated", "ringing", "answered", "completed");

  private final TwilioSettings settings;
  private final TwilioClient client;
  private final SayTwiml say;
  private final StatusCallbackUrl callbacks;
  private final WebhookReceiver receiver;

  TwilioVoiceProvider(TwilioSettings settings, ProviderContext context) {
    this.settings = settings;
    this.client = new TwilioClient(settings, context.clock());
    this.say = new SayTwiml(settings.voice(), settings.language());
    this.receiver = settings.authToken() == null ? null : new SignedWebhookReceiver(
        new TwilioSignature(settings.authToken()), Map.of("status", r -> CallStatusCallback.parse(ID, r)));
    this.callbacks = new StatusCallbackUrl(receiver == null ? null : context.publicBaseUrl(), ID);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<Channel> channels() {
    return Set.of(Channel.VOICE);
  }

  @Override
  public int maxConcurrency() {
    return settings.concurrency();
  }

  @Override
  public DeliveryOutcome send(Message message) {
    String twiml = say.render(message.content() == null ? null : message.content().text());
    if (twiml.length() > SayTwiml.MAX_LENGTH) {
      return new DeliveryOutcome.PermanentFailure("twiml_too_long", "the spoken text makes " + twiml.length()
          + " characters of TwiML; Twilio accepts at most " + SayTwiml.MAX_LENGTH, 0);
    }
    String callback = callbacks.forMessage(message.id());
    FormBody form = new FormBody()
        .add("To", message.to())
        .add("From", message.from() != null && !message.from().isBlank() ? message.from() : settings.from())
        .add("Twiml", twiml)
        .add("StatusCallback", callback)
        .addAll("StatusCallbackEvent", callback == null ? List.of() : CALL_EVENTS);
    return client.create("Calls", form);
  }

  /** The signed-webhook receiver, or {@code null} without {@code twilio_voice.auth_token} to verify with. */
  @Override
  public WebhookReceiver webhookReceiver() {
    return receiver;
  }

  @Override
  public void close() {
    client.close();
  }
}
