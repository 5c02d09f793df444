package dev.herald.core.dispatch;

import dev.herald.core.store.Completion;
import dev.herald.core.store.MessageStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects outcomes from send tasks and writes them in batches, one transaction per batch. Several
 * threads may run the same writer: each takes its own batch from the shared queue. A failed write is retried (the outcomes stay in memory; their leases protect them);
 * {@code afterWrite} runs with the number of outcomes written, to free dispatcher slots.
 */
final class CompletionWriter implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(CompletionWriter.class);

  private final MessageStore store;
  private final int batchSize;
  private final java.util.function.IntConsumer afterWrite;
  private final LinkedBlockingQueue<Completion> queue = new LinkedBlockingQueue<>();
  private volatile boolean running = true;

  CompletionWriter(MessageStore store, int batchSize, java.util.function.IntConsumer afterWrite) {
    this.store = store;
    this.batchSize = batchSize;
    this.afterWrite = afterWrite;
  }

  void submit(Completion c) {
    queue.add(c);
  }

  /** Stops after writing what is queued. */
  void stop() {
    running = false;
  }

  @Override
  public void run() {
    List<Completion> batch = new ArrayList<>(batchSize);
    while (running || !queue.isEmpty()) {
      try {
        Completion first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, batchSize - 1);
        writeWithRetry(batch);
        afterWrite.accept(batch.size());
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * A batch that keeps failing may hold one outcome the database refuses: write the others alone
   * and retry the refused ones (each keeps its lease, so a database outage only delays them).
   */
  private void writeOneByOne(List<Completion> batch) throws InterruptedException {
    for (Completion c : batch) {
      writeWithRetry(List.of(c));
    }
  }

  private void writeWithRetry(List<Completion> batch) throws InterruptedException {
    Duration wait = Duration.ofMillis(100);
    for (int failures = 0; ; failures++) {
      try {
        store.complete(batch);
        return;
      } catch (RuntimeException e) {
        if (failures >= 3 && batch.size() > 1) {
          writeOneByOne(batch);
          return;
        }
        if (!running) {
          LOG.error("dropping {} outcomes at shutdown after a failed write; their leases will expire and they will be retried", batch.size(), e);
          return;
        }
        LOG.warn("writing {} outcomes failed; retrying in {}", batch.size(), wait, e);
        Thread.sleep(wait.toMillis());
        wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : wait.multipliedBy(2);
      }
    }
  }
}
