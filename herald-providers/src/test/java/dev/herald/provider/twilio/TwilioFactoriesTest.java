package dev.herald.provider.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.message.Channel;
import dev.herald.core.provider.ChannelProviderFactory;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Both Twilio providers are found through ServiceLoader. */
class TwilioFactoriesTest {
  @Test
  void serviceLoaderFindsSmsAndVoiceProviders() {
    Map<String, ChannelProviderFactory> byId = ServiceLoader.load(ChannelProviderFactory.class).stream()
        .map(ServiceLoader.Provider::get)
        .collect(Collectors.toMap(ChannelProviderFactory::id, f -> f));

    assertThat(byId.get("twilio")).isInstanceOf(TwilioSmsFactory.class);
    assertThat(byId.get("twilio").channels()).containsExactly(Channel.SMS);
    assertThat(byId.get("twilio_voice")).isInstanceOf(TwilioVoiceFactory.class);
    assertThat(byId.get("twilio_voice").channels()).containsExactly(Channel.VOICE);
  }
}
