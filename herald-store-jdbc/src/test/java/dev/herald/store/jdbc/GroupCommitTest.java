package dev.herald.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.error.UnavailableException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The group commit's wait limit, kept by its watchdog rather than by a timer per caller. */
class GroupCommitTest {
  @TempDir Path dir;

  @Test
  void callersPastTheWaitLimitAreToldWhetherTheirItemMayYetCommitAndAQueuedOneIsNeverWritten() throws Exception {
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> written = new CopyOnWriteArrayList<>();
    try (Database db = new Database(new StoreSettings(null, null, null, dir, 4));
        GroupCommit<String, String> commits = new GroupCommit<>(db, "test-writer", 16, 1, Duration.ofMillis(300),
            (c, items) -> {
              stuck.countDown();
              try {
                release.await(); // the database hangs
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              written.addAll(items);
              return items;
            })) {
      CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> commits.submit("first"));
      assertThat(stuck.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> commits.submit("second"));

      assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(UnavailableException.class)
          .hasMessage("no commit within 300 ms; the database is not keeping up or the writer stopped"
              + " (it was being written: it may yet commit)");
      assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .cause().hasMessageEndingWith("(nothing was written)");

      release.countDown();
      assertThat(commits.submit("third")).isEqualTo("third");
      assertThat(written).containsExactly("first", "third");
    }
  }
}
