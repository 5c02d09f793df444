package dev.herald.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code herald status ID}: prints a message with its timeline and delivery attempts. */
@Command(mixinStandardHelpOptions = true, name = "status", description = "Show a message's status, timeline and delivery attempts.")
public final class StatusCommand implements Callable<Integer> {
  @Mixin ApiClient client;

  @Parameters(index = "0", description = "message id") String id;

  @Override
  public Integer call() {
    return client.call("GET", "/v1/messages/" + id, null);
  }
}
