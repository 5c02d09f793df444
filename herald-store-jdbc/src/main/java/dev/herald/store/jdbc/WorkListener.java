package dev.herald.store.jdbc;

/**
 * PostgreSQL {@code LISTEN} on the work channel: every node's insert transaction sends a
 * {@code NOTIFY} that is delivered at commit, and this thread turns it into a local wake-up, so an
 * idle node starts dispatching at once instead of at its next poll. Reconnects after failures.
 */
final class WorkListener implements AutoCloseable {
  private final ChannelListener listener;

  WorkListener(Database db) {
    this.listener = new ChannelListener(db, db.workChannel());
  }

  void start(Runnable onWork) {
    listener.start("herald-pg-listen", notes -> onWork.run());
  }

  @Override
  public void close() {
    listener.close();
  }
}
