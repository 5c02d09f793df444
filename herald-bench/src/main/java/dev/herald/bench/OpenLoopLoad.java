package dev.herald.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * Open-loop load at a fixed rate: request {@code i} falls due at {@code start + i/rate} whatever
 * the server does, and goes out on the first free connection. Latency runs from the intended send
 * time to the end of the response, so a stalled server is charged for every request that waited
 * behind it (no coordinated omission). Requests still unsent when the drain limit passes are
 * recorded as that late and counted as unsent.
 *
 * <p>One thread drives every connection through a {@link Selector} (non-blocking HTTP/1.1 with
 * keep-alive, as wrk does): the generator shares the machine's two cores with the server and its
 * database, and a thread or virtual thread per connection cost it two to three thread wake-ups per
 * request on top of the socket calls. Due requests are released when the selector wakes, at least
 * every millisecond, so a request may leave up to 1 ms after its intended time; that delay counts
 * in its latency.
 */
final class OpenLoopLoad implements AutoCloseable {
  /** What a run measured. Latencies in microseconds. */
  record Outcome(int rate, Histogram latencyMicros, long requests, long ok, long errors, long unsent, double seconds) {
    double achievedRate() {
      return ok / seconds;
    }
  }

  private static final Duration DRAIN_LIMIT = Duration.ofSeconds(10);

  private final int port;
  private final String path;
  private final IntFunction<String> body;
  private final Selector selector;
  /** Kept open from run to run, as a client's keep-alive pool would be. */
  private final List<Connection> all = new ArrayList<>();
  private int sequence;

  /** @param body the request body for request number {@code i} (numbered across runs) */
  OpenLoopLoad(int port, String path, IntFunction<String> body, int connections) {
    this.port = port;
    this.path = path;
    this.body = body;
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    for (int i = 0; i < connections; i++) {
      all.add(new Connection(selector));
    }
  }

  /** Closes the connections. */
  @Override
  public void close() {
    all.forEach(Connection::close);
    try {
      selector.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  /** Sends {@code rate × duration} requests at {@code rate} per second and waits for their responses. */
  Outcome run(int rate, Duration duration) throws InterruptedException {
    long total = rate * duration.toMillis() / 1_000;
    double interval = 1e9 / rate;
    long start = System.nanoTime() + 20_000_000;
    long deadline = start + duration.toNanos() + DRAIN_LIMIT.toNanos();
    Histogram latency = new Histogram(3_600_000_000L, 3);
    long ok = 0;
    long errors = 0;
    long released = 0;
    long sent = 0;
    try {
      ArrayDeque<Connection> idle = new ArrayDeque<>(all);
      long busy = 0;
      while (System.nanoTime() < deadline && (sent < total || busy > 0)) {
        long now = System.nanoTime();
        released = Math.max(released, Math.min(total, now < start ? 0 : (long) ((now - start) / interval) + 1));
        while (sent < released && !idle.isEmpty()) {
          Connection c = idle.poll();
          long intended = start + (long) (sent * interval);
          sent++;
          if (c.send(requestBytes(), intended)) {
            busy++;
          } else {
            errors++;
            latency.recordValue(Math.max(0, (System.nanoTime() - intended) / 1_000));
            idle.add(c);
          }
        }
        long untilNext = sent < total ? start + (long) (sent * interval) - System.nanoTime() : Long.MAX_VALUE;
        if (untilNext <= 0 && !idle.isEmpty()) {
          selector.selectNow();
        } else {
          selector.select(1);
        }
        for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
          SelectionKey k = it.next();
          it.remove();
          Connection c = (Connection) k.attachment();
          int status = c.ready();
          if (status == 0) {
            continue; // response not complete yet
          }
          latency.recordValue(Math.max(0, (System.nanoTime() - c.intended) / 1_000));
          c.intended = -1;
          if (status == 202) {
            ok++;
          } else {
            errors++;
          }
          busy--;
          idle.add(c);
        }
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
      }
      for (Connection c : all) {
        if (c.intended >= 0) { // no response before the deadline: the connection cannot be reused
          errors++;
          latency.recordValue(Math.max(0, (deadline - c.intended) / 1_000));
          c.intended = -1;
          c.close();
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    long unsent = total - sent;
    for (long i = sent; i < total; i++) {
      latency.recordValue(Math.max(0, (deadline - (start + (long) (i * interval))) / 1_000));
    }
    double seconds = (Math.min(System.nanoTime(), deadline) - start) / 1e9;
    return new Outcome(rate, latency, total, ok, errors, unsent, seconds);
  }

  private byte[] requestBytes() {
    byte[] b = body.apply(sequence++).getBytes(StandardCharsets.UTF_8);
    byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer "
        + ServerUnderTest.API_KEY + "\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = Arrays.copyOf(head, head.length + b.length);
    System.arraycopy(b, 0, all, head.length, b.length);
    return all;
  }

  /** One keep-alive connection: at most one request in flight, its response parsed as it arrives. */
  private final class Connection {
    private final Selector selector;
    private SocketChannel channel;
    private SelectionKey key;
    private ByteBuffer out;
    private final ByteBuffer in = ByteBuffer.allocateDirect(16 * 1024);
    private byte[] response = new byte[1024];
    private int responseLength;
    /** Intended send time of the request in flight, or -1. */
    long intended = -1;

    Connection(Selector selector) {
      this.selector = selector;
    }

    /** Starts sending {@code request}; false when the connection could not be (re)opened or written. */
    boolean send(byte[] request, long intendedAt) {
      try {
        if (channel == null) {
          channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
          channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
          channel.configureBlocking(false);
          key = channel.register(selector, 0, this);
        }
        intended = intendedAt;
        responseLength = 0;
        out = ByteBuffer.wrap(request);
        channel.write(out);
        key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        return true;
      } catch (IOException e) {
        intended = -1;
        close();
        return false;
      }
    }

    /**
     * Handles readiness; returns the response's status once it is complete, 0 while it is not, -1
     * when the connection failed (it is closed and reopens on the next send).
     */
    int ready() {
      try {
        if (key.isWritable()) {
          channel.write(out);
          if (!out.hasRemaining()) {
            key.interestOps(SelectionKey.OP_READ);
          }
          return 0;
        }
        int n = channel.read(in);
        if (n < 0) {
          throw new IOException("closed by the server");
        }
        in.flip();
        if (responseLength + in.remaining() > response.length) {
          response = Arrays.copyOf(response, Math.max(response.length * 2, responseLength + in.remaining()));
        }
        in.get(response, responseLength, in.remaining());
        in.clear();
        int status = HttpResponses.complete(response, responseLength += n);
        if (status != 0) {
          key.interestOps(0);
          if (HttpResponses.closes(response, responseLength)) {
            close();
          }
        }
        return status;
      } catch (IOException e) {
        close();
        return -1;
      }
    }

    void close() {
      if (channel != null) {
        try {
          channel.close();
        } catch (IOException e) {
          // closing anyway
        }
        channel = null;
      }
    }
  }
}
