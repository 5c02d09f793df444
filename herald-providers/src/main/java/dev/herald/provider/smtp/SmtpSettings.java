package dev.herald.provider.smtp;

import dev.herald.core.error.ConfigurationException;
import dev.herald.core.provider.ProviderConfig;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;

/**
 * The {@code smtp} provider's configuration, validated when built.
 *
 * @param host server name or address ({@code smtp.host}, required)
 * @param port server port ({@code smtp.port}, default 587)
 * @param tls connection protection ({@code smtp.tls}, default {@code starttls})
 * @param username login name ({@code smtp.username}); {@code null} sends without authenticating
 * @param password login password ({@code smtp.password}); required when a username is set
 * @param from default sender address, used when a message has no {@code from} ({@code smtp.from})
 * @param timeout limit for connecting, and for each read and write ({@code smtp.timeout}, default 10s)
 * @param concurrency most connections open at once ({@code smtp.concurrency}, default 8)
 */
record SmtpSettings(
    String host,
    int port,
    SmtpTls tls,
    String username,
    String password,
    InternetAddress from,
    Duration timeout,
    int concurrency) {

  SmtpSettings {
    if (port < 1 || port > 65_535) {
      throw new ConfigurationException("smtp.port", port + " is not a port number (1 to 65535)");
    }
    if (username != null && password == null) {
      throw new ConfigurationException("smtp.password", "is required when smtp.username is set");
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw new ConfigurationException("smtp.timeout", "must be positive");
    }
    if (concurrency < 1) {
      throw new ConfigurationException("smtp.concurrency", "must be at least 1");
    }
  }

  static SmtpSettings from(ProviderConfig c) {
    return new SmtpSettings(
        c.require("host"),
        c.getInt("port", 587),
        SmtpTls.parse(c.get("tls", "starttls"), c.fullKey("tls")),
        c.get("username", null),
        c.get("password", null),
        sender(c.get("from", null), c.fullKey("from")),
        c.getDuration("timeout", Duration.ofSeconds(10)),
        c.getInt("concurrency", 8));
  }

  private static InternetAddress sender(String value, String key) {
    if (value == null) {
      return null;
    }
    try {
      InternetAddress address = new InternetAddress(value, true);
      address.validate();
      return address;
    } catch (AddressException e) {
      throw new ConfigurationException(key, "'" + value + "' is not an email address");
    }
  }

  /** Password hidden, so that settings can be logged. */
  @Override
  public String toString() {
    return "SmtpSettings[host=" + host + ", port=" + port + ", tls=" + tls + ", username=" + username
        + ", from=" + from + ", timeout=" + timeout + ", concurrency=" + concurrency + "]";
  }
}
