package dev.herald.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Herald server in its own JVM ({@code java -cp <server jar> dev.herald.server.Main serve}), so its
 * resident memory is its own: peak RSS is the kernel's high-water mark {@code VmHWM} from
 * {@code /proc/<pid>/status}, read before the process ends.
 */
final class ServerUnderTest implements AutoCloseable {
  static final String API_KEY = "hk_bench_key_0123456789";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final Path log;
  final int port;
  private long peakRssKb;

  /**
   * Starts the server and waits until {@code /health} answers.
   *
   * @param env {@code HERALD_*} settings on top of the database's and the port; the harness's own
   *     environment variables {@code BENCH_HERALD_*} override them (for experiments)
   */
  ServerUnderTest(BenchSettings settings, String name, Map<String, String> env) throws IOException {
    this.port = freePort();
    this.log = settings.workDir().resolve(name + ".log");
    Map<String, String> e = new HashMap<>(env);
    e.put("HERALD_PORT", String.valueOf(port));
    e.put("HERALD_API_KEY", API_KEY);
    System.getenv().forEach((k, v) -> {
      if (k.startsWith("BENCH_HERALD_")) {
        e.put(k.substring("BENCH_".length()), v);
      }
    });
    List<String> cmd = new ArrayList<>(List.of(settings.java(), "--enable-native-access=ALL-UNNAMED",
        "-Xmx" + settings.serverHeap(), "-XX:+UseParallelGC"));
    String extra = System.getProperty("bench.serverOpts", "").replace("{name}", name);
    if (!extra.isBlank()) {
      cmd.addAll(List.of(extra.trim().split("\\s+")));
    }
    cmd.addAll(List.of("-cp", settings.serverJar().toString(), "dev.herald.server.Main", "serve"));
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("HERALD_"));
    pb.environment().putAll(e);
    pb.directory(settings.workDir().toFile());
    process = pb.start();
    awaitHealthy();
  }

  private void awaitHealthy() throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("server exited with " + process.exitValue() + "; log " + log + ":\n" + Files.readString(log));
      }
      if (healthy()) {
        return;
      }
      Pause.millis(50);
    }
    throw new IOException("server did not become healthy; see " + log);
  }

  boolean healthy() {
    try {
      HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(2)).build();
      return HTTP.send(r, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The highest resident set size this process reached, in kB. */
  long peakRssKb() {
    sampleRss();
    return peakRssKb;
  }

  private void sampleRss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          peakRssKb = Math.max(peakRssKb, Long.parseLong(line.replaceAll("\\D", "")));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // the process is gone; keep the last reading
    }
  }

  /**
   * CPU time each of the server's JIT compiler threads ({@code C1/C2 CompilerThread*}) has used so
   * far, by thread id ({@link CpuTicks#threads}); empty where it cannot be read. Per thread, since
   * the JVM ends idle compiler threads and starts new ones.
   */
  Map<String, Long> compilerTicks() {
    return CpuTicks.threads(process.pid(), n -> n.contains("CompilerThre"));
  }

  /**
   * CPU time the server's threads whose name ({@code /proc/<pid>/task/<tid>/comm}, at most 15
   * characters) starts with {@code prefix} have used so far, by thread id ({@link CpuTicks#threads}).
   */
  Map<String, Long> threadTicks(String prefix) {
    return CpuTicks.threads(process.pid(), n -> n.startsWith(prefix));
  }

  /** CPU time the whole server process has used so far ({@link CpuTicks#process}). */
  Map<String, Long> cpuTicks() {
    return CpuTicks.process(process.pid());
  }

  /** SIGKILL, as a crash or the OOM killer would; waits until the process is gone. */
  void kill() {
    sampleRss();
    process.destroyForcibly();
    waitFor();
  }

  /** SIGTERM (a clean stop); waits up to a minute, then kills. */
  @Override
  public void close() {
    sampleRss();
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    waitFor();
  }

  private void waitFor() {
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
