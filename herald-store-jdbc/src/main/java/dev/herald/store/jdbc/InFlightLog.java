package dev.herald.store.jdbc;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded store's record of its claims in flight, so that a restart after a crash holds them
 * for the rest of their lease, as PostgreSQL's leases in the rows do: a message whose send reached
 * the provider but whose outcome was never written is not sent again at once, and its provider's
 * status callback (which names Herald's message id) can settle it first.
 *
 * <p>A file beside the database ({@code inflight.leases} beside {@code herald.db}), memory-mapped:
 * a 256-byte header (magic, slot count, the claiming node's name) and {@value #SLOTS} slots of 32
 * bytes (rowid, attempt, a hash of the message id, claim time and lease end in epoch milliseconds;
 * little-endian). A claim fills a slot and its settled lease clears it: a few memory writes, no
 * system call, never on the single writer connection. Writes to a shared mapping live in the
 * kernel's page cache, so they survive the process ({@code kill -9}, an out-of-memory kill), not
 * the machine: after a power loss the slots may be lost, and those messages are sent again at once,
 * as they were before this log. A slot's rowid is written last and cleared first, so a slot cut
 * off half-written reads as free. More claims in flight than slots go unrecorded (and are sent
 * again at once after a crash). The node's name is kept once per file, not per slot: a lease held
 * over from an earlier crash is credited, after a second one, to the node in between.
 *
 * <p>The slots found in use at open stay in use ({@link #left()}) until the caller keeps them or
 * frees them ({@link #clear}): a crash while the next process takes them over loses none.
 *
 * <p>The file is locked while open: a second process opening the same embedded store (which
 * keeps its leases in memory and so cannot share its file) is refused with an error, and so is a
 * second open in this process (checked before the file is touched, since closing any channel of a
 * file drops the process's lock on it).
 */
final class InFlightLog implements AutoCloseable {
  /** Slots in the file: more than the claims one embedded node keeps in flight. */
  static final int SLOTS = 65_536;
  private static final int HEADER = 256;
  private static final int SLOT = 32;
  private static final long MAGIC = 0x48524C44_494E464CL; // "HRLDINFL"
  private static final int NODE_MAX = HEADER - 16;
  private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * A claim found in flight when the log was opened (the process before this one stopped with it),
   * in {@code slot}; {@code idHash} is the message id's {@link String#hashCode()}.
   */
  record Entry(int slot, long rowid, int attempt, int idHash, long claimedAtMillis, long untilMillis) {}

  /** The logs open in this process, by path: a file lock is the process's, not a channel's. */
  private static final java.util.Set<Path> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final java.nio.ByteBuffer map;
  private final List<Entry> left;
  private final String leftBy;
  private final int[] free = new int[SLOTS];
  private int freeCount;
  private String node = "";
  private boolean closed;

  private InFlightLog(Path file, FileChannel channel, FileLock lock, MappedByteBuffer map) {
    this.file = file; // absolute and normalized: the key in OPEN
    this.channel = channel;
    this.lock = lock;
    this.map = map.order(ByteOrder.LITTLE_ENDIAN);
    boolean ours = this.map.getLong(0) == MAGIC && this.map.getInt(8) == SLOTS;
    List<Entry> found = new ArrayList<>();
    String by = "";
    if (ours) {
      int len = Math.min(Math.max(0, this.map.getInt(12)), NODE_MAX);
      byte[] name = new byte[len];
      this.map.get(16, name);
      by = new String(name, StandardCharsets.UTF_8);
    } else {
      // New, or not a log of this layout: every slot starts free.
      for (int i = 0; i < SLOTS; i++) {
        this.map.putLong(HEADER + i * SLOT, 0L);
      }
      this.map.putInt(12, 0);
      this.map.putInt(8, SLOTS);
      this.map.putLong(0, MAGIC);
    }
    for (int i = SLOTS - 1; i >= 0; i--) {
      int at = HEADER + i * SLOT;
      long rowid = this.map.getLong(at);
      if (rowid != 0) { // 0 marks a free slot: SQLite's rowids start at 1
        found.add(new Entry(i, rowid, this.map.getInt(at + 8), this.map.getInt(at + 12), this.map.getLong(at + 16),
            this.map.getLong(at + 24)));
      } else {
        free[freeCount++] = i;
      }
    }
    this.left = List.copyOf(found);
    this.leftBy = by;
    this.node = by;
  }

  /**
   * Opens (creating it when absent) and locks the log at {@code path}.
   *
   * @throws IllegalStateException when another process has it open, or it cannot be mapped
   */
  static InFlightLog open(Path path) {
    Path file = path.toAbsolutePath().normalize();
    if (!OPEN.add(file)) {
      throw inUse(file);
    }
    FileChannel channel = null;
    try {
      DataFiles.ownerOnly(file);
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw inUse(file);
      }
      MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, HEADER + (long) SLOTS * SLOT);
      return new InFlightLog(file, channel, lock, map);
    } catch (IOException e) {
      closeQuietly(channel);
      OPEN.remove(file);
      throw new IllegalStateException("cannot open the in-flight log " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      OPEN.remove(file);
      throw e;
    }
  }

  private static IllegalStateException inUse(Path file) {
    return new IllegalStateException("the embedded store in " + file.getParent() + " is already open in "
        + "another process (or elsewhere in this one; its lock is " + file.getFileName() + "): one Herald process at a "
        + "time may use an embedded store");
  }

  /**
   * The claims the previous process left in flight (it crashed, or stopped before they settled);
   * their slots stay in use until {@link #clear}ed.
   */
  List<Entry> left() {
    return left;
  }

  /** The node that made the claims in {@link #left()}, as it named itself (empty when unknown). */
  String leftBy() {
    return leftBy;
  }

  /**
   * Records a claim in flight by {@code node}; returns its slot, or -1 when every slot is taken
   * (the claim then goes unrecorded).
   */
  synchronized int record(String node, long rowid, String messageId, int attempt, long claimedAtMillis, long untilMillis) {
    if (closed) {
      return -1;
    }
    if (!node.equals(this.node)) {
      byte[] name = node.getBytes(StandardCharsets.UTF_8);
      int len = Math.min(name.length, NODE_MAX);
      map.put(16, name, 0, len);
      map.putInt(12, len);
      this.node = node;
    }
    if (freeCount == 0) {
      return -1;
    }
    int slot = free[--freeCount];
    int at = HEADER + slot * SLOT;
    map.putInt(at + 8, attempt);
    map.putInt(at + 12, messageId.hashCode());
    map.putLong(at + 16, claimedAtMillis);
    map.putLong(at + 24, untilMillis);
    LONGS.setRelease(map, at, rowid);
    return slot;
  }

  /** Frees {@code slot} (one {@link #record} returned, or an {@link Entry#slot()}; -1 is ignored). */
  synchronized void clear(int slot) {
    if (slot < 0 || closed) {
      return;
    }
    LONGS.setRelease(map, HEADER + slot * SLOT, 0L);
    free[freeCount++] = slot;
  }

  /** Unlocks and closes the file; the claims still recorded stay in it for the next process. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      lock.release();
    } catch (IOException e) {
      // Closing the channel releases it too.
    }
    closeQuietly(channel);
    OPEN.remove(file);
  }

  @Override
  public String toString() {
    return "InFlightLog[" + file + "]";
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Nothing to save: the mapping's writes are in the page cache already.
      }
    }
  }
}
