package dev.herald.provider.twilio;

import static dev.herald.provider.twilio.TwilioFixtures.ACCOUNT_SID;
import static dev.herald.provider.twilio.TwilioFixtures.AUTH_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.error.ConfigurationException;
import dev.herald.core.message.Channel;
import dev.herald.core.provider.ProviderConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Twilio configuration is checked at start, naming the bad key. */
class TwilioSettingsTest {
  private static TwilioSettings sms(Map<String, String> overrides) {
    return settings("twilio", Channel.SMS, overrides);
  }

  private static TwilioSettings settings(String id, Channel channel, Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>(Map.of("account_sid", ACCOUNT_SID, "auth_token", AUTH_TOKEN, "from", "+15017122661"));
    values.putAll(overrides);
    return TwilioSettings.from(id, channel, new ProviderConfig(id, values));
  }

  @Test
  void defaultsApplyWhenOnlyCredentialsAndSenderAreGiven() {
    TwilioSettings s = sms(Map.of());

    assertThat(s.baseUrl()).isEqualTo("https://api.twilio.com");
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.concurrency()).isEqualTo(64);
    assertThat(s.username()).isEqualTo(ACCOUNT_SID);
    assertThat(s.password()).isEqualTo(AUTH_TOKEN);
  }

  @Test
  void missingAccountSidNamesTheKey() {
    assertThatThrownBy(() -> sms(Map.of("account_sid", ""))).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("twilio.account_sid");
  }

  @Test
  void malformedAccountSidNamesTheKey() {
    assertThatThrownBy(() -> sms(Map.of("account_sid", "AC123"))).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("twilio.account_sid").hasMessageContaining("AC123");
  }

  @Test
  void credentialsAreRequired() {
    assertThatThrownBy(() -> sms(Map.of("auth_token", ""))).hasMessageContaining("twilio.auth_token");
  }

  @Test
  void apiKeyNeedsItsSecret() {
    assertThatThrownBy(() -> sms(Map.of("api_key_sid", "SK" + "c".repeat(32))))
        .hasMessageContaining("twilio.api_key_secret");
  }

  @Test
  void apiKeyIsUsedForBasicAuthWhenConfigured() {
    TwilioSettings s = sms(Map.of("auth_token", "", "api_key_sid", "SK" + "c".repeat(32), "api_key_secret", "secret"));

    assertThat(s.username()).isEqualTo("SK" + "c".repeat(32));
    assertThat(s.password()).isEqualTo("secret");
    assertThat(s.authToken()).isNull();
  }

  @Test
  void smsNeedsASenderOrAMessagingService() {
    assertThatThrownBy(() -> sms(Map.of("from", ""))).hasMessageContaining("twilio.from")
        .hasMessageContaining("twilio.messaging_service_sid");
    assertThat(sms(Map.of("from", "", "messaging_service_sid", "MG" + "d".repeat(32))).messagingServiceSid())
        .isEqualTo("MG" + "d".repeat(32));
  }

  @Test
  void malformedMessagingServiceSidNamesTheKey() {
    assertThatThrownBy(() -> sms(Map.of("messaging_service_sid", "MG1"))).hasMessageContaining("twilio.messaging_service_sid");
  }

  @Test
  void voiceNeedsACallerId() {
    assertThatThrownBy(() -> settings("twilio_voice", Channel.VOICE, Map.of("from", "")))
        .hasMessageContaining("twilio_voice.from");
  }

  @Test
  void voiceReadsItsVoiceAndLanguage() {
    TwilioSettings s = settings("twilio_voice", Channel.VOICE, Map.of("voice", "Polly.Joanna", "language", "en-US"));

    assertThat(s.voice()).isEqualTo("Polly.Joanna");
    assertThat(s.language()).isEqualTo("en-US");
  }

  @Test
  void badBaseUrlOrTimeoutNamesTheKey() {
    assertThatThrownBy(() -> sms(Map.of("base_url", "api.twilio.com"))).hasMessageContaining("twilio.base_url");
    assertThatThrownBy(() -> sms(Map.of("timeout", "soon"))).hasMessageContaining("twilio.timeout");
    assertThatThrownBy(() -> sms(Map.of("timeout", "0s"))).hasMessageContaining("twilio.timeout");
    assertThat(sms(Map.of("base_url", "http://127.0.0.1:8080/")).baseUrl()).isEqualTo("http://127.0.0.1:8080");
  }

  @Test
  void secretsStayOutOfTheDescription() {
    TwilioSettings s = sms(Map.of("api_key_sid", "SK" + "c".repeat(32), "api_key_secret", "key-secret"));

    assertThat(s.toString()).contains(ACCOUNT_SID).doesNotContain(AUTH_TOKEN).doesNotContain("key-secret");
  }
}
