package dev.herald.provider.twilio;

import dev.herald.core.message.Channel;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.ChannelProviderFactory;
import dev.herald.core.provider.ProviderContext;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code twilio_voice} provider: voice messages spoken by Twilio's {@code <Say>}.
 * Configuration keys and defaults:
 *
 * <ul>
 *   <li>{@code twilio_voice.account_sid} (required), {@code twilio_voice.auth_token}, or
 *       {@code twilio_voice.api_key_sid} with {@code twilio_voice.api_key_secret}, as for {@code twilio};
 *   <li>{@code twilio_voice.from} (required: the caller id, a Twilio number or verified caller id);
 *   <li>{@code twilio_voice.voice} (e.g. {@code Polly.Joanna}, {@code alice}; default: Twilio's) and
 *       {@code twilio_voice.language} (e.g. {@code en-US}; default: Twilio's);
 *   <li>{@code twilio_voice.base_url} (default {@code https://api.twilio.com}),
 *       {@code twilio_voice.timeout} (default {@code 10s}), {@code twilio_voice.concurrency} (default 64).
 * </ul>
 *
 * <p>The call status callback is set per call
 * ({@code {public base URL}/webhooks/twilio_voice/status?herald_message_id=…}); nothing needs
 * configuring at Twilio.
 */
public final class TwilioVoiceFactory implements ChannelProviderFactory {
  private static final Logger LOG = LoggerFactory.getLogger(TwilioVoiceFactory.class);

  @Override
  public String id() {
    return TwilioVoiceProvider.ID;
  }

  @Override
  public Set<Channel> channels() {
    return Set.of(Channel.VOICE);
  }

  @Override
  public ChannelProvider create(ProviderContext context) {
    TwilioSettings settings = TwilioSettings.from(id(), Channel.VOICE, context.config());
    if (settings.authToken() == null) {
      LOG.warn("twilio_voice.auth_token is not set: Twilio's webhook signatures cannot be verified, so no "
          + "call status callbacks are requested and /webhooks/twilio_voice/* is not served");
    }
    return new TwilioVoiceProvider(settings, context);
  }
}
