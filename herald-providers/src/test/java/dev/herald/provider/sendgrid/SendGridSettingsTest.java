package dev.herald.provider.sendgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.error.ConfigurationException;
import dev.herald.core.message.Channel;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.ChannelProviderFactory;
import dev.herald.core.provider.ProviderConfig;
import dev.herald.core.provider.ProviderContext;
import java.net.URI;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class SendGridSettingsTest {
  private static final Map<String, String> REQUIRED = Map.of("api_key", "SG.key", "from", "noreply@example.com",
      "webhook_public_key", SendGridContractTest.SOME_PUBLIC_KEY);

  @Test
  void defaultsPointAtSendGridWithAFiveMinuteMaximumAge() {
    SendGridSettings settings = SendGridSettings.from(new ProviderConfig("sendgrid", REQUIRED));

    assertThat(settings.mailSendUri()).isEqualTo(URI.create("https://api.sendgrid.com/v3/mail/send"));
    assertThat(settings.webhookMaxAge()).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.fromName()).isNull();
  }

  @Test
  void publicKeyInPemArmourIsAccepted() {
    Map<String, String> config = new HashMap<>(REQUIRED);
    config.put("webhook_public_key", "-----BEGIN PUBLIC KEY-----\n" + SendGridContractTest.SOME_PUBLIC_KEY.substring(0, 64)
        + "\n" + SendGridContractTest.SOME_PUBLIC_KEY.substring(64) + "\n-----END PUBLIC KEY-----\n");

    assertThat(SendGridSettings.from(new ProviderConfig("sendgrid", config)).webhookPublicKey().getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void missingApiKeyNamesTheKey() {
    Map<String, String> config = new HashMap<>(REQUIRED);
    config.remove("api_key");

    assertThatThrownBy(() -> SendGridSettings.from(new ProviderConfig("sendgrid", config)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("sendgrid.api_key");
  }

  @Test
  void publicKeyThatIsNotBase64DerNamesTheKey() {
    Map<String, String> config = new HashMap<>(REQUIRED);
    config.put("webhook_public_key", "not a key");

    assertThatThrownBy(() -> SendGridSettings.from(new ProviderConfig("sendgrid", config)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("sendgrid.webhook_public_key");
  }

  @Test
  void publicKeyOnAnotherCurveIsRefused() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp384r1"));
    Map<String, String> config = new HashMap<>(REQUIRED);
    config.put("webhook_public_key", Base64.getEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded()));

    assertThatThrownBy(() -> SendGridSettings.from(new ProviderConfig("sendgrid", config)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("P-256");
  }

  @Test
  void senderThatIsNotAnAddressIsRefused() {
    Map<String, String> config = new HashMap<>(REQUIRED);
    config.put("from", "Example Shop");

    assertThatThrownBy(() -> SendGridSettings.from(new ProviderConfig("sendgrid", config)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("sendgrid.from");
  }

  @Test
  void factoryIsFoundByServiceLoaderAndServesEmail() {
    ChannelProviderFactory factory = ServiceLoader.load(ChannelProviderFactory.class).stream()
        .map(ServiceLoader.Provider::get).filter(f -> f.id().equals("sendgrid")).findFirst().orElseThrow();

    try (ChannelProvider provider = factory.create(new ProviderContext(new ProviderConfig("sendgrid", REQUIRED),
        Clock.systemUTC(), null, null, "https://herald.example.com"))) {
      assertThat(provider.id()).isEqualTo("sendgrid");
      assertThat(provider.channels()).containsExactly(Channel.EMAIL);
      assertThat(provider.webhookReceiver()).isNotNull();
    }
  }
}
