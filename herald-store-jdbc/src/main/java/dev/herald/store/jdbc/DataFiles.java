package dev.herald.store.jdbc;

import dev.herald.core.error.ConfigurationException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store's files are their owner's alone: a data directory Herald creates is {@code
 * 0700}, and every file it keeps there (the databases, {@code inflight.leases}) is created {@code
 * 0600}, or narrowed to it when an earlier version left it open to others. SQLite gives a
 * database's {@code -wal} and {@code -shm} files the permissions of the database file, so creating
 * that file first covers them. An existing directory keeps its permissions: the operator chose
 * them. Where the file system has no POSIX permissions (Windows), files and directories get the
 * platform's defaults (on Windows, the access list of the directory they are created in).
 */
final class DataFiles {
  private static final Logger LOG = LoggerFactory.getLogger(DataFiles.class);
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

  private DataFiles() {}

  /**
   * Creates {@code dir} and its missing parents, {@code 0700}.
   *
   * @throws ConfigurationException naming {@code key} when {@code dir}, or a parent of it, is a
   *     file, or it cannot be created
   */
  static void directory(Path dir, String key) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new ConfigurationException(key, dir + " is a file, not a directory");
    }
    try {
      Files.createDirectories(dir, POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY)}
          : new FileAttribute<?>[0]);
    } catch (IOException e) {
      for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
        if (Files.exists(p) && !Files.isDirectory(p)) {
          throw new ConfigurationException(key, "cannot create " + dir + ": " + p + " is a file, not a directory");
        }
      }
      throw new ConfigurationException(key, "cannot create " + dir + ": " + e.getMessage());
    }
  }

  /** Creates {@code file} empty and {@code 0600} when it is absent; else {@link #narrow}s it. */
  static void ownerOnly(Path file) throws IOException {
    if (!POSIX) {
      return;
    }
    if (!Files.exists(file)) {
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
        return;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // created meanwhile by another process: narrowed below like any existing file
      }
    }
    narrow(file);
  }

  /**
   * Makes an existing {@code file} {@code 0600} when it is not; a file system that refuses (one
   * without permissions mounted on a POSIX system, a file of another user) leaves it as it is,
   * with a warning.
   */
  static void narrow(Path file) {
    if (!POSIX || !Files.exists(file)) {
      return;
    }
    try {
      if (!Files.getPosixFilePermissions(file).equals(OWNER_FILE)) {
        Files.setPosixFilePermissions(file, OWNER_FILE);
      }
    } catch (IOException | UnsupportedOperationException e) {
      LOG.warn("cannot make {} readable by its owner only (0600): {}", file, e.toString());
    }
  }
}
