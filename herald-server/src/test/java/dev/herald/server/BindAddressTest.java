package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bind_address}: every interface by default, only the given one when set. */
class BindAddressTest {
  @TempDir Path dir;

  @Test
  void loopbackBindAddressRefusesConnectionsThroughTheMachinesOtherAddresses() throws Exception {
    Optional<InetAddress> other = nonLoopbackAddress();
    assumeTrue(other.isPresent(), "this machine has no address but loopback");
    try (TestServer everywhere = new TestServer(dir.resolve("everywhere"))) {
      assertThat(connects(other.get(), everywhere.node.port())).as("the default listens on " + other.get()).isTrue();
    }
    try (TestServer loopback = new TestServer(dir.resolve("loopback"), Map.of("bind_address", "127.0.0.1"),
        Clock.systemUTC(), List.of())) {
      assertThat(connects(InetAddress.getByName("127.0.0.1"), loopback.node.port())).isTrue();
      assertThat(loopback.get("/health").status()).isEqualTo(200);
      assertThatThrownBy(() -> connects(other.get(), loopback.node.port())).isInstanceOf(ConnectException.class);
    }
  }

  private static boolean connects(InetAddress address, int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, port), 2_000);
      return s.isConnected();
    }
  }

  /** An address of an interface that is up and not loopback, IPv4 first. */
  private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
    return NetworkInterface.networkInterfaces().filter(BindAddressTest::upAndNotLoopback)
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isAnyLocalAddress())
        .min(Comparator.comparing(a -> a instanceof Inet4Address ? 0 : 1));
  }

  private static boolean upAndNotLoopback(NetworkInterface i) {
    try {
      return i.isUp() && !i.isLoopback();
    } catch (SocketException e) {
      return false;
    }
  }
}
