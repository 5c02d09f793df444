package dev.herald.bench;

import java.nio.file.Path;

/**
 * How this run executes.
 *
 * @param java the java binary for server JVMs (the harness's own)
 * @param serverJar the server's shaded jar
 * @param workDir where server logs and SQLite files of this run go
 * @param serverHeap the server JVM's {@code -Xmx}
 * @param scale 1.0 for the sizes; smaller for a quick smoke run
 */
record BenchSettings(String java, Path serverJar, Path workDir, String serverHeap, double scale) {
  int scaled(int n) {
    return Math.max(1, (int) Math.round(n * scale));
  }
}
