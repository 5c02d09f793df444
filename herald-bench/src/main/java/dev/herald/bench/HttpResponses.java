package dev.herald.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Finds where an HTTP/1.1 response held in a byte array ends (RFC 9112 §6.3: Content-Length, or
 * chunked transfer coding, or no body), for the non-blocking load generator that reads responses
 * in pieces.
 */
final class HttpResponses {
  private HttpResponses() {}

  /** The status code when {@code buf[0, len)} holds a whole response, else 0. */
  static int complete(byte[] buf, int len) {
    int headEnd = indexOf(buf, 0, len, "\r\n\r\n");
    if (headEnd < 0) {
      return 0;
    }
    String head = new String(buf, 0, headEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    int status = Integer.parseInt(head.substring(9, 12));
    int bodyStart = headEnd + 4;
    long length = header(head, "content-length") == null ? -1 : Long.parseLong(header(head, "content-length"));
    String coding = header(head, "transfer-encoding");
    if (coding != null && coding.contains("chunked")) {
      return chunkedEnd(buf, bodyStart, len) ? status : 0;
    }
    return length < 0 || len >= bodyStart + length ? status : 0;
  }

  /** Whether the response's head says the server closes the connection after it. */
  static boolean closes(byte[] buf, int len) {
    int headEnd = indexOf(buf, 0, len, "\r\n\r\n");
    String head = new String(buf, 0, Math.max(0, headEnd), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    String connection = header(head, "connection");
    return connection != null && connection.contains("close");
  }

  private static boolean chunkedEnd(byte[] buf, int from, int len) {
    int pos = from;
    while (true) {
      int lineEnd = indexOf(buf, pos, len, "\r\n");
      if (lineEnd < 0) {
        return false;
      }
      String size = new String(buf, pos, lineEnd - pos, StandardCharsets.ISO_8859_1).split(";")[0].trim();
      pos = lineEnd + 2;
      if (Long.parseLong(size, 16) == 0) {
        // trailer fields, then an empty line
        for (int end = indexOf(buf, pos, len, "\r\n"); end >= 0; end = indexOf(buf, pos, len, "\r\n")) {
          if (end == pos) {
            return true;
          }
          pos = end + 2;
        }
        return false;
      }
      pos += (int) Long.parseLong(size, 16) + 2;
      if (pos > len) {
        return false;
      }
    }
  }

  /** The value of header {@code name} (lower case) in a lower-cased head, or {@code null}. */
  private static String header(String head, String name) {
    for (String line : head.split("\r\n")) {
      if (line.startsWith(name + ":")) {
        return line.substring(name.length() + 1).trim();
      }
    }
    return null;
  }

  private static int indexOf(byte[] buf, int from, int len, String what) {
    outer:
    for (int i = from; i + what.length() <= len; i++) {
      for (int j = 0; j < what.length(); j++) {
        if (buf[i + j] != what.charAt(j)) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
