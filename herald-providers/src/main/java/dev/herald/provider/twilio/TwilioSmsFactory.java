package dev.herald.provider.twilio;

import dev.herald.core.message.Channel;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.ChannelProviderFactory;
import dev.herald.core.provider.ProviderContext;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code twilio} provider: SMS, and MMS when a message's metadata {@code media_urls} lists
 * media. Configuration keys and defaults:
 *
 * <ul>
 *   <li>{@code twilio.account_sid} (required, {@code AC…});
 *   <li>{@code twilio.auth_token}, or {@code twilio.api_key_sid} ({@code SK…}) with
 *       {@code twilio.api_key_secret} for the REST API; the auth token is also what verifies
 *       Twilio's webhook signatures, so without it no status callback is requested;
 *   <li>{@code twilio.from} (E.164 sender) and/or {@code twilio.messaging_service_sid} ({@code MG…});
 *   <li>{@code twilio.base_url} (default {@code https://api.twilio.com}), {@code twilio.timeout}
 *       (default {@code 10s}), {@code twilio.concurrency} (default 64).
 * </ul>
 *
 * <p>Webhooks to configure at Twilio: the status callback is set per message
 * ({@code {public base URL}/webhooks/twilio/status?herald_message_id=…}); set the phone number's or
 * Messaging Service's incoming-message webhook to {@code {public base URL}/webhooks/twilio/inbound}
 * (HTTP POST).
 *
 * <p>{@link #create} throws {@link dev.herald.core.error.ConfigurationException} naming the bad key.
 */
public final class TwilioSmsFactory implements ChannelProviderFactory {
  private static final Logger LOG = LoggerFactory.getLogger(TwilioSmsFactory.class);

  @Override
  public String id() {
    return TwilioSmsProvider.ID;
  }

  @Override
  public Set<Channel> channels() {
    return Set.of(Channel.SMS);
  }

  @Override
  public ChannelProvider create(ProviderContext context) {
    TwilioSettings settings = TwilioSettings.from(id(), Channel.SMS, context.config());
    if (settings.authToken() == null) {
      LOG.warn("twilio.auth_token is not set: Twilio's webhook signatures cannot be verified, so no status "
          + "callbacks are requested and /webhooks/twilio/* is not served");
    }
    return new TwilioSmsProvider(settings, context);
  }
}
