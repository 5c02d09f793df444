package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.error.ConfigurationException;
import dev.herald.core.json.JsonLimits;
import dev.herald.core.message.Channel;
import dev.herald.server.config.HeraldConfig;
import dev.herald.server.config.RawConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration: defaults, file, environment overrides, and one clear line per bad key. */
class ConfigurationTest {
  static final List<String> IDS = List.of("simulator", "smtp", "twilio", "twilio_voice", "vonage");
  @TempDir Path dir;

  HeraldConfig load(String yaml, Map<String, String> env) throws Exception {
    Path file = dir.resolve("herald.yaml");
    Files.writeString(file, yaml);
    return HeraldConfig.from(RawConfig.load(file, env, IDS), Set.copyOf(IDS));
  }

  @Test
  void defaultsRunWithNoFileAndNoEnvironment() {
    HeraldConfig c = HeraldConfig.from(RawConfig.load(dir.resolve("absent.yaml"), Map.of(), IDS), Set.copyOf(IDS));
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.databaseUrl()).isNull();
    assertThat(c.dataDir()).isEqualTo(Path.of("data"));
    assertThat(c.retryPolicy().maxAttempts()).isEqualTo(4);
    assertThat(c.retryPolicy().nextDelay(1, null)).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.channelProviders().get(Channel.SMS)).containsExactly("simulator");
  }

  @Test
  void environmentOverridesTheFileKeyByKey() throws Exception {
    HeraldConfig c = load("port: 9000\nsmtp:\n  host: mail.local\nchannels:\n  sms:\n    providers: [twilio, vonage]\n",
        Map.of("HERALD_PORT", "9100", "HERALD_TWILIO_VOICE_LANGUAGE", "de-DE", "HERALD_RETRY_BACKOFF", "1s,2s",
            "HERALD_CHANNELS_EMAIL_PROVIDERS", "smtp"));
    assertThat(c.port()).isEqualTo(9100);
    assertThat(c.raw().section("smtp")).containsEntry("host", "mail.local");
    assertThat(c.raw().section("twilio_voice")).containsEntry("language", "de-DE");
    assertThat(c.channelProviders().get(Channel.SMS)).containsExactly("twilio", "vonage");
    assertThat(c.channelProviders().get(Channel.EMAIL)).containsExactly("smtp");
    assertThat(c.retryPolicy().nextDelay(2, null)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void degradedSendingIsOnByDefaultAndTunedByItsTwoKeys() throws Exception {
    HeraldConfig defaults = load("", Map.of());
    assertThat(defaults.breaker().outageRatePercent()).isEqualTo(95);
    assertThat(defaults.breaker().degradedRate()).isEqualTo(100);
    HeraldConfig tuned = load("circuit_outage_rate: 99\n", Map.of("HERALD_CIRCUIT_DEGRADED_RATE", "20"));
    assertThat(tuned.breaker().outageRatePercent()).isEqualTo(99);
    assertThat(tuned.breaker().degradedRate()).isEqualTo(20);
  }

  @Test
  void aDegradedRateTooLowToFillTheWindowToItsMinimumStopsStartUpNamingTheKey() {
    // 9 calls/s over 10 s, less the bucket's 10%, are 81 calls: under the 100 the circuit needs to count.
    assertThatThrownBy(() -> load("circuit_degraded_rate: 9\n", Map.of())).isInstanceOf(ConfigurationException.class)
        .hasMessage("circuit_degraded_rate: 9 calls/s fill only 81 calls of the circuit_window, under circuit_minimum_calls 100");
    assertThatThrownBy(() -> load("circuit_outage_rate: 101\n", Map.of())).hasMessage("circuit_outage_rate: 101 is outside 1..100");
  }

  @Test
  void badValuesNameTheirKey() {
    assertThatThrownBy(() -> load("port: eighty\n", Map.of())).isInstanceOf(ConfigurationException.class)
        .hasMessage("port: 'eighty' is not a whole number");
    assertThatThrownBy(() -> load("", Map.of("HERALD_RETRY_BACKOFF", "soon"))).hasMessageStartingWith("retry_backoff:");
    assertThatThrownBy(() -> load("colour: blue\n", Map.of())).hasMessage("colour: is not a configuration key Herald knows");
    assertThatThrownBy(() -> load("channels:\n  sms:\n    providers: carrier-pigeon\n", Map.of()))
        .hasMessageStartingWith("channels.sms.providers: names unknown provider 'carrier-pigeon'");
    assertThatThrownBy(() -> load("default_region: XX\n", Map.of())).hasMessageStartingWith("default_region:");
    assertThatThrownBy(() -> load("port: [1\n", Map.of())).isInstanceOf(ConfigurationException.class);
  }

  @Test
  void misspelledEnvironmentVariableStopsStartUpNamingTheClosestKey() {
    assertThatThrownBy(() -> load("", Map.of("HERALD_RETRY_BACKOF", "10s"))).isInstanceOf(ConfigurationException.class)
        .hasMessage("HERALD_RETRY_BACKOF: is not a configuration key; did you mean HERALD_RETRY_BACKOFF?");
    assertThatThrownBy(() -> load("", Map.of("HERALD_TWILO_ACCOUNT_SID", "AC1")))
        .hasMessage("HERALD_TWILO_ACCOUNT_SID: is not a configuration key; did you mean HERALD_TWILIO_ACCOUNT_SID?");
    assertThatThrownBy(() -> load("", Map.of("HERALD_CHANNELS_SMS_PROVIDER", "twilio")))
        .hasMessageEndingWith("did you mean HERALD_CHANNELS_SMS_PROVIDERS?");
    assertThatThrownBy(() -> load("", Map.of("HERALD_CHANNELS_PROVIDERS", "twilio")))
        .hasMessageStartingWith("HERALD_CHANNELS_PROVIDERS: is not a configuration key; did you mean HERALD_CHANNELS_");
    assertThatThrownBy(() -> load("", Map.of("HERALD_CONFG", "herald.yaml"))).hasMessageEndingWith("did you mean HERALD_CONFIG?");
  }

  @Test
  void configurationKeysAndHeraldsOwnVariablesInTheEnvironmentStartNormally() throws Exception {
    HeraldConfig c = load("", Map.of("HERALD_RETRY_BACKOFF", "3s", "HERALD_TWILIO_PRICE_PER_SEGMENT", "0.0079",
        "HERALD_CONFIG", "elsewhere.yaml", "HERALD_URL", "http://localhost:8080", "HERALD_JAVA_OPTS", "-Xmx1g",
        "HERALD_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/herald_test", "PATH", "/usr/bin"));
    assertThat(c.retryPolicy().nextDelay(1, null)).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.raw().all()).containsOnlyKeys("retry_backoff", "twilio.price_per_segment");
  }

  @Test
  void serveWithAMisspelledVariableExitsWithOneLineNamingIt() {
    assertThatThrownBy(() -> new ServerProcess(dir, "typo", Map.of("HERALD_RETRY_BACKOF", "10s")).close())
        .hasMessageEndingWith("server exited with 2:\nherald: invalid configuration: HERALD_RETRY_BACKOF: "
            + "is not a configuration key; did you mean HERALD_RETRY_BACKOFF?\n");
  }

  @Test
  void serveStartsWhereHeraldsOwnVariablesAreSet() throws Exception {
    java.nio.file.Path config = java.nio.file.Files.writeString(dir.resolve("present.yaml"), "poll_interval: 500ms\n");
    try (ServerProcess server = new ServerProcess(dir, "own-variables", Map.of("HERALD_CONFIG", config.toString(),
        "HERALD_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/herald_test", "HERALD_URL", "http://localhost:1"))) {
      assertThat(server.request("GET", "/health", null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void serveWithAConfigurationFileThatDoesNotExistExitsWithOneLineNamingIt() {
    String missing = dir.resolve("missing.yaml").toString();
    assertThatThrownBy(() -> new ServerProcess(dir, "missing-config", Map.of("HERALD_CONFIG", missing)).close())
        .hasMessageEndingWith("server exited with 2:\nherald: invalid configuration: HERALD_CONFIG: " + missing
            + " does not exist\n");
  }

  @Test
  void apiKeyShorterThanTwentyCharactersIsRefusedNamingTheKey() throws Exception {
    assertThatThrownBy(() -> load("api_key: hk_short_key\n", Map.of())).isInstanceOf(ConfigurationException.class)
        .hasMessage("api_key: is 12 characters long; an API key needs at least 20");
    assertThatThrownBy(() -> load("", Map.of("HERALD_API_KEY", "hk_0123456789abcdef")))
        .hasMessage("api_key: is 19 characters long; an API key needs at least 20");
    assertThat(load("", Map.of("HERALD_API_KEY", "hk_0123456789abcdefg")).apiKey()).isEqualTo("hk_0123456789abcdefg");
  }

  @Test
  void serveWithDataDirPointingAtAFileExitsWithOneLineSayingSo() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-directory"), "");
    assertThatThrownBy(() -> new ServerProcess(dir, "data-dir-file", Map.of("HERALD_DATA_DIR", file.toString())).close())
        .hasMessageEndingWith("server exited with 2:\nherald: invalid configuration: data_dir: " + file
            + " is a file, not a directory\n");
  }

  @Test
  void badBindAddressIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> load("bind_address: 300.1.1.1\n", Map.of())).isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("bind_address: '300.1.1.1' is not an IP address");
    assertThatThrownBy(() -> load("bind_address: localhost\n", Map.of())).hasMessageStartingWith("bind_address: 'localhost' is not an IP address");
    assertThatThrownBy(() -> load("", Map.of("HERALD_BIND_ADDRESS", "::zz"))).hasMessageStartingWith("bind_address: '::zz' is not an IP address");
    assertThatThrownBy(() -> load("bind_address: 203.0.113.7\n", Map.of()))
        .hasMessage("bind_address: 203.0.113.7 is not an address of this machine");
  }

  @Test
  void databaseTimeoutDefaultsToFiveSecondsAndIsRefusedOutsideItsRangeNamingTheKey() throws Exception {
    assertThat(load("", Map.of()).databaseTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(load("", Map.of("HERALD_DATABASE_TIMEOUT", "2s")).databaseTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThatThrownBy(() -> load("database_timeout: 100ms\n", Map.of())).isInstanceOf(ConfigurationException.class)
        .hasMessage("database_timeout: 100ms is outside 250ms..5m");
  }

  @Test
  void requestAndJsonObjectLimitsHaveDefaultsAndCanBeSet() throws Exception {
    HeraldConfig defaults = load("", Map.of());
    assertThat(defaults.limits().maxRequestBytes()).isEqualTo(16 * 1024 * 1024);
    assertThat(defaults.limits().objects()).isEqualTo(new JsonLimits(64 * 1024, 16));
    HeraldConfig set = load("max_request_bytes: 1048576\nmax_object_bytes: 4096\n", Map.of("HERALD_MAX_OBJECT_DEPTH", "5"));
    assertThat(set.limits().maxRequestBytes()).isEqualTo(1_048_576);
    assertThat(set.limits().objects()).isEqualTo(new JsonLimits(4096, 5));
  }

  @Test
  void badLimitsAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> load("max_request_bytes: 16MB\n", Map.of())).isInstanceOf(ConfigurationException.class)
        .hasMessage("max_request_bytes: '16MB' is not a whole number");
    assertThatThrownBy(() -> load("max_request_bytes: 100\n", Map.of())).hasMessage("max_request_bytes: 100 is outside 1024..1073741824");
    assertThatThrownBy(() -> load("max_object_depth: 0\n", Map.of())).hasMessage("max_object_depth: 0 is outside 1..64");
    assertThatThrownBy(() -> load("max_request_bytes: 4096\nmax_object_bytes: 8192\n", Map.of()))
        .hasMessage("max_object_bytes: 8192 is outside 64..4096");
  }
}
