package dev.herald.server.config;

import dev.herald.core.error.ConfigurationException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The {@code bind_address} key: an IP address of this machine, checked at start so that a wrong
 * one stops start-up naming the key instead of failing later as a bind error. Only literals: a
 * host name would mean a name lookup at start, and may resolve to several addresses.
 */
final class BindAddress {
  static final String KEY = "bind_address";
  static final String EVERY_INTERFACE = "0.0.0.0";
  private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
  private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");

  private BindAddress() {}

  /**
   * @param value the configured value, or null for the default, every interface
   * @return the address in its canonical text form
   * @throws ConfigurationException when {@code value} is not an IP address, or not one of this machine
   */
  static String parse(String value) {
    if (value == null) {
      return EVERY_INTERFACE;
    }
    InetAddress address = literal(value);
    try {
      if (!address.isAnyLocalAddress() && !address.isLoopbackAddress() && NetworkInterface.getByInetAddress(address) == null) {
        throw new ConfigurationException(KEY, value + " is not an address of this machine");
      }
    } catch (SocketException e) {
      throw new ConfigurationException(KEY, "cannot list this machine's addresses to check " + value + ": " + e.getMessage());
    }
    return address.getHostAddress();
  }

  /** Parses without a name lookup: Java reads a dotted quad, or anything in brackets, as a literal. */
  private static InetAddress literal(String value) {
    String text = IPV4.matcher(value).matches() ? value
        : value.contains(":") ? (value.startsWith("[") ? value : "[" + value + "]") : null;
    if (text != null) {
      try {
        return InetAddress.getByName(text);
      } catch (UnknownHostException e) {
        // refused below, as any other text is
      }
    }
    throw new ConfigurationException(KEY, "'" + value + "' is not an IP address (" + EVERY_INTERFACE
        + " for every interface, 127.0.0.1 for this machine only)");
  }
}
