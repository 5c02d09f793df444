package dev.herald.store.jdbc;

import static dev.herald.testkit.Messages.aMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.herald.core.error.ConfigurationException;
import dev.herald.core.provider.SendJournal;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's {@code data_dir}: what Herald writes there is its owner's alone, and a
 * {@code data_dir} that is a file is refused saying so.
 */
class DataDirTest {
  @TempDir Path dir;

  private static JdbcMessageStore open(Path dataDir) {
    return JdbcMessageStore.open(new StoreSettings(null, null, null, dataDir, 4));
  }

  /** Writes to both databases, so that each has its write-ahead log and shared-memory file. */
  private static void use(JdbcMessageStore store) {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    dev.herald.core.message.Message m = aMessage().build(now);
    store.insert("t1", List.of(m), null);
    store.sendJournal().record(new SendJournal.Entry("P-" + m.id(), m.id(), "t1", "sms", "+14155550100", "n", now));
  }

  private static Map<String, String> permissions(Path dataDir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(dataDir)) {
      for (Path f : files.toList()) {
        out.put(f.getFileName().toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
      }
    }
    return out;
  }

  private static void assumePosix() {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "no POSIX permissions here");
  }

  @Test
  void everyFileTheStoreCreatesIsTheOwnersAloneInADirectoryOnlyTheOwnerEnters() throws IOException {
    assumePosix();
    Path dataDir = dir.resolve("data");
    try (JdbcMessageStore store = open(dataDir)) {
      use(store);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
      Map<String, String> files = permissions(dataDir);
      assertThat(files).containsKeys("herald.db", "herald.db-wal", "herald.db-shm", "simulator.db", "simulator.db-wal",
          "simulator.db-shm", "inflight.leases");
      assertThat(files).allSatisfy((name, mode) -> assertThat(mode).as(name).isEqualTo("rw-------"));
    }
  }

  @Test
  void filesAnEarlierVersionLeftOpenToOthersAreNarrowedToTheOwner() throws IOException {
    assumePosix();
    Path dataDir = dir.resolve("data");
    try (JdbcMessageStore store = open(dataDir)) {
      use(store);
    }
    try (Stream<Path> files = Files.list(dataDir)) {
      for (Path f : files.toList()) {
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
      }
    }
    try (JdbcMessageStore store = open(dataDir)) {
      use(store);
      assertThat(permissions(dataDir)).allSatisfy((name, mode) -> assertThat(mode).as(name).isEqualTo("rw-------"));
    }
  }

  @Test
  void dataDirThatIsAFileIsRefusedSayingSo() throws IOException {
    Path file = Files.writeString(dir.resolve("herald-data"), "");
    assertThatThrownBy(() -> open(file)).isInstanceOf(ConfigurationException.class)
        .hasMessage("data_dir: " + file + " is a file, not a directory");
    assertThatThrownBy(() -> open(file.resolve("data"))).isInstanceOf(ConfigurationException.class)
        .hasMessage("data_dir: cannot create " + file.resolve("data") + ": " + file + " is a file, not a directory");
  }
}
