package dev.herald.provider.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal SMTP peer that answers RCPT and the end of DATA with scripted replies, for the RFC 5321
 * reply codes GreenMail never sends (GreenMail 2.1.8 accepts every recipient). In silent mode it
 * accepts connections and never greets, to exercise the read timeout.
 */
final class ScriptedSmtpServer implements AutoCloseable {
  private final ServerSocket socket;
  private final String rcptReply;
  private final String dataReply;
  private final boolean silent;
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private ScriptedSmtpServer(String rcptReply, String dataReply, boolean silent) throws IOException {
    this.socket = new ServerSocket(0);
    this.rcptReply = rcptReply;
    this.dataReply = dataReply;
    this.silent = silent;
    this.acceptor = Thread.ofPlatform().daemon().name("scripted-smtp").start(this::acceptLoop);
  }

  /** Answers {@code RCPT TO} with {@code rcptReply} (e.g. {@code 550 5.1.1 no such user}). */
  static ScriptedSmtpServer rejectingRecipients(String rcptReply) throws IOException {
    return new ScriptedSmtpServer(rcptReply, "250 2.0.0 queued", false);
  }

  /** Accepts the envelope, then answers the end of {@code DATA} with {@code dataReply}. */
  static ScriptedSmtpServer rejectingData(String dataReply) throws IOException {
    return new ScriptedSmtpServer("250 2.1.5 ok", dataReply, false);
  }

  /** Accepts connections and never says a word. */
  static ScriptedSmtpServer silent() throws IOException {
    return new ScriptedSmtpServer(null, null, true);
  }

  int port() {
    return socket.getLocalPort();
  }

  /** Command lines received, in order (DATA content excluded). */
  List<String> commands() {
    return List.copyOf(commands);
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try (Socket client = socket.accept()) {
        if (silent) {
          client.getInputStream().read();
        } else {
          converse(client);
        }
      } catch (IOException e) {
        return;
      }
    }
  }

  private void converse(Socket client) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
    OutputStream out = client.getOutputStream();
    reply(out, "220 scripted.test ESMTP");
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      commands.add(line);
      String verb = line.length() < 4 ? line : line.substring(0, 4).toUpperCase(Locale.ROOT);
      switch (verb) {
        case "EHLO" -> reply(out, "250-scripted.test\r\n250 8BITMIME");
        case "HELO", "MAIL", "RSET", "NOOP" -> reply(out, "250 2.0.0 ok");
        case "RCPT" -> reply(out, rcptReply);
        case "DATA" -> {
          reply(out, "354 go ahead");
          for (String body = in.readLine(); body != null && !body.equals("."); body = in.readLine()) { }
          reply(out, dataReply);
        }
        case "QUIT" -> {
          reply(out, "221 2.0.0 bye");
          return;
        }
        default -> reply(out, "502 5.5.1 not implemented");
      }
    }
  }

  private static void reply(OutputStream out, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
    acceptor.interrupt();
  }
}
