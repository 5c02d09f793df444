package dev.herald.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code herald send --channel sms --to +1… --body …}: POSTs one message to a running server. */
@Command(mixinStandardHelpOptions = true, name = "send", description = "Send a message through a running Herald server.")
public final class SendCommand implements Callable<Integer> {
  @Mixin ApiClient client;

  @Option(names = "--channel", required = true, description = "sms, email, whatsapp, voice or webhook") String channel;
  @Option(names = "--to", required = true, description = "recipient address") String to;
  @Option(names = "--from", description = "sender address") String from;
  @Option(names = "--body", description = "message text") String body;
  @Option(names = "--subject", description = "email subject") String subject;
  @Option(names = "--html", description = "email HTML body") String html;
  @Option(names = "--category", description = "transactional or marketing") String category;
  @Option(names = "--send-at", description = "RFC 3339 time to send at") String sendAt;
  @Option(names = "--idempotency-key", description = "Idempotency-Key header") String idempotencyKey;

  @Override
  public Integer call() {
    ObjectNode o = new ObjectMapper().createObjectNode();
    o.put("channel", channel);
    o.put("to", to);
    putIf(o, "from", from);
    putIf(o, "body", body);
    putIf(o, "subject", subject);
    putIf(o, "html", html);
    putIf(o, "category", category);
    putIf(o, "send_at", sendAt);
    return client.call("POST", "/v1/messages", o.toString());
  }

  private static void putIf(ObjectNode o, String k, String v) {
    if (v != null) {
      o.put(k, v);
    }
  }
}
