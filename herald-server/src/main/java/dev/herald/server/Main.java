package dev.herald.server;

import dev.herald.server.cli.SendCommand;
import dev.herald.server.cli.ServeCommand;
import dev.herald.server.cli.StatusCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code herald serve | send | status}: the server and a small client for a running server. */
@Command(name = "herald", mixinStandardHelpOptions = true, version = "Herald 0.1.0",
    description = "Asynchronous omni-channel messaging engine.",
    subcommands = {ServeCommand.class, SendCommand.class, StatusCommand.class})
public final class Main implements Runnable {
  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setParameterExceptionHandler((ex, a) -> {
      System.err.println("herald: " + ex.getMessage());
      return 2;
    });
    int code = cli.execute(args);
    if (code != 0 || !(args.length > 0 && args[0].equals("serve"))) {
      System.exit(code);
    }
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
