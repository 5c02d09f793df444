package dev.herald.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One persistent HTTP/1.1 connection speaking just enough of RFC 9112 for the load generator:
 * a POST with a fixed header set, and a response read to its end (Content-Length or chunked) so the
 * connection can be reused. Much cheaper per request than a general client, which matters when the
 * generator shares two cores with the server it measures.
 */
final class HttpConnection implements AutoCloseable {
  private final String host;
  private final int port;
  private final String auth;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  HttpConnection(String host, int port, String apiKey) {
    this.host = host;
    this.port = port;
    this.auth = "Authorization: Bearer " + apiKey + "\r\n";
  }

  /** Sends {@code body} to {@code path}; returns the status code. Reconnects when the server closed. */
  int post(String path, byte[] body) throws IOException {
    if (socket == null) {
      connect();
    }
    String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n" + auth
        + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
    return readResponse();
  }

  private void connect() throws IOException {
    socket = new Socket(host, port);
    socket.setTcpNoDelay(true);
    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    out = socket.getOutputStream();
  }

  private int readResponse() throws IOException {
    String status = line();
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean close = false;
    for (String h = line(); !h.isEmpty(); h = line()) {
      String lower = h.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(lower.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        close = true;
      }
    }
    if (chunked) {
      for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0; size = Long.parseLong(line().split(";")[0].trim(), 16)) {
        skip(size);
        line();
      }
      while (!line().isEmpty()) {
        // trailers
      }
    } else if (length > 0) {
      skip(length);
    }
    if (close) {
      close();
    }
    return code;
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(64);
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new IOException("connection closed mid-response");
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  private void skip(long n) throws IOException {
    long left = n;
    while (left > 0) {
      long s = in.skip(left);
      if (s <= 0) {
        if (in.read() < 0) {
          throw new IOException("connection closed mid-body");
        }
        s = 1;
      }
      left -= s;
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
      socket = null;
    }
  }
}
