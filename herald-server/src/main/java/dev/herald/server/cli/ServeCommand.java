package dev.herald.server.cli;

import dev.herald.core.error.ConfigurationException;
import dev.herald.server.HeraldNode;
import dev.herald.server.api.ApiKeys;
import dev.herald.server.config.HeraldConfig;
import dev.herald.server.config.RawConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code herald serve}: runs a node until stopped (SIGTERM or Ctrl-C stop it cleanly). */
@Command(mixinStandardHelpOptions = true, name = "serve", description = "Run the Herald server (embedded SQLite under ./data unless HERALD_DATABASE_URL is set).")
public final class ServeCommand implements Callable<Integer> {
  @Option(names = "--config", description = "configuration file (default: $HERALD_CONFIG or ./herald.yaml)")
  Path configFile;

  @Override
  public Integer call() {
    HeraldNode node;
    try {
      String named = configFile != null ? configFile.toString() : System.getenv("HERALD_CONFIG");
      Path file = Path.of(named != null ? named : "herald.yaml");
      if (named != null && !java.nio.file.Files.exists(file)) {
        // Only the default herald.yaml may be absent; a file the user named must be there.
        throw new ConfigurationException(configFile != null ? "--config" : "HERALD_CONFIG",
            file + " does not exist");
      }
      List<String> ids = new ArrayList<>(HeraldNode.providerFactories().keySet());
      HeraldConfig config = HeraldConfig.from(RawConfig.load(file, System.getenv(), ids), java.util.Set.copyOf(ids));
      node = new HeraldNode(config, Clock.systemUTC(), List.of());
      announceKey(node, config);
      node.start();
      Runtime.getRuntime().addShutdownHook(new Thread(node::close, "herald-shutdown"));
      String host = config.bindAddress().contains(":") ? "[" + config.bindAddress() + "]" : config.bindAddress();
      System.out.printf("Herald listening on %s:%d (%s)%n", host, node.port(),
          config.databaseUrl() == null ? "SQLite at " + config.dataDir().resolve("herald.db") : "PostgreSQL");
      return 0;
    } catch (ConfigurationException e) {
      System.err.println("herald: invalid configuration: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      System.err.println("herald: cannot start: " + rootMessage(e));
      return 1;
    }
  }

  private static void announceKey(HeraldNode node, HeraldConfig config) {
    ApiKeys.StartUp keys = node.api().apiKeys().startUp(config.apiKey(), java.time.Instant.now());
    for (String prefix : keys.revoked()) {
      System.out.println("Revoked the API key " + prefix + "… that api_key replaced");
    }
    if (keys.generated() != null) {
      String key = keys.generated();
      System.out.println("Generated an API key for tenant 'default' (shown once, stored hashed):");
      System.out.println("  " + key);
      System.out.println("Use it as 'Authorization: Bearer " + key + "' or export HERALD_API_KEY=" + key);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
  }
}
