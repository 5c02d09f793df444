package dev.herald.provider.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.error.ConfigurationException;
import dev.herald.core.message.Channel;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.ChannelProviderFactory;
import dev.herald.core.provider.ProviderConfig;
import dev.herald.core.provider.ProviderContext;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class WhatsAppSettingsTest {
  private static final Map<String, String> REQUIRED = Map.of("access_token", "EAAtoken", "phone_number_id", "106540352242922",
      "app_secret", "secret", "verify_token", "verify-me");

  @Test
  void defaultsPointAtGraphApiV23() {
    WhatsAppSettings settings = WhatsAppSettings.from(new ProviderConfig("whatsapp", REQUIRED));

    assertThat(settings.baseUrl()).isEqualTo(URI.create("https://graph.facebook.com"));
    assertThat(settings.apiVersion()).isEqualTo("v23.0");
    assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.messagesUri()).isEqualTo(URI.create("https://graph.facebook.com/v23.0/106540352242922/messages"));
  }

  @Test
  void missingAccessTokenNamesTheKey() {
    Map<String, String> config = new HashMap<>(REQUIRED);
    config.remove("access_token");

    assertThatThrownBy(() -> WhatsAppSettings.from(new ProviderConfig("whatsapp", config)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("whatsapp.access_token");
  }

  @Test
  void missingAppSecretNamesTheKey() {
    Map<String, String> config = new HashMap<>(REQUIRED);
    config.remove("app_secret");

    assertThatThrownBy(() -> WhatsAppSettings.from(new ProviderConfig("whatsapp", config)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("whatsapp.app_secret");
  }

  @Test
  void aPhoneNumberInsteadOfItsIdIsRefused() {
    Map<String, String> config = new HashMap<>(REQUIRED);
    config.put("phone_number_id", "+1 555 0100");

    assertThatThrownBy(() -> WhatsAppSettings.from(new ProviderConfig("whatsapp", config)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("whatsapp.phone_number_id");
  }

  @Test
  void malformedApiVersionAndBaseUrlAreRefused() {
    Map<String, String> badVersion = new HashMap<>(REQUIRED);
    badVersion.put("api_version", "23");
    Map<String, String> badUrl = new HashMap<>(REQUIRED);
    badUrl.put("base_url", "graph.facebook.com");

    assertThatThrownBy(() -> WhatsAppSettings.from(new ProviderConfig("whatsapp", badVersion)))
        .hasMessageContaining("whatsapp.api_version");
    assertThatThrownBy(() -> WhatsAppSettings.from(new ProviderConfig("whatsapp", badUrl)))
        .hasMessageContaining("whatsapp.base_url");
  }

  @Test
  void factoryIsFoundByServiceLoaderAndServesWhatsApp() {
    ChannelProviderFactory factory = ServiceLoader.load(ChannelProviderFactory.class).stream()
        .map(ServiceLoader.Provider::get).filter(f -> f.id().equals("whatsapp")).findFirst().orElseThrow();

    try (ChannelProvider provider = factory.create(new ProviderContext(new ProviderConfig("whatsapp", REQUIRED),
        Clock.systemUTC(), null, null, "https://herald.example.com"))) {
      assertThat(provider.id()).isEqualTo("whatsapp");
      assertThat(provider.channels()).containsExactly(Channel.WHATSAPP);
      assertThat(provider.webhookReceiver()).isNotNull();
    }
  }
}
