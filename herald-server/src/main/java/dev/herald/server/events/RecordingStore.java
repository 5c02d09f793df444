package dev.herald.server.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.message.Content;
import dev.herald.core.message.DeliveryAttempt;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageEvent;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.message.StatusChange;
import dev.herald.core.provider.SendJournal;
import dev.herald.core.provider.StatusReport;
import dev.herald.core.provider.StatusReportSink;
import dev.herald.core.store.Completion;
import dev.herald.core.store.MessageQuery;
import dev.herald.core.store.MessageStore;
import dev.herald.core.store.Page;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link MessageStore} that records in a {@link Sink} every change it writes: each accepted
 * message ({@code message.accepted}) and each status change ({@code message.status_changed}) made
 * by a claim, an outcome, a cancel, an operator's retry or a provider's report. Events are
 * appended after the write returns, so a stream never shows a change that was not stored.
 *
 * <p>Not recorded: leases of a dead node made due again ({@link #reapExpiredLeases} does not say
 * which). Outcomes are recorded when the whole batch took effect; an outcome dropped because its
 * lease was lost changes nothing and is not announced, but in a batch where some were dropped the
 * store does not say which, so that batch announces none of them.
 */
public final class RecordingStore implements MessageStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final MessageStore store;
  private final Sink log;
  /** Messages this node holds claimed, by id: an outcome carries no tenant, channel or recipient. */
  private final Map<String, Message> claimed = new ConcurrentHashMap<>();

  /** Where recorded events go: the node's {@link EventLog}, and the other nodes when shared. */
  @FunctionalInterface
  public interface Sink {
    /** Records one event. */
    void append(String tenantId, String type, String messageId, String data, Instant at);
  }

  public RecordingStore(MessageStore store, Sink log) {
    this.store = store;
    this.log = log;
  }

  @Override
  public boolean claimsAtInsert() {
    return store.claimsAtInsert();
  }

  @Override
  public InsertResult insert(String tenantId, List<Message> messages, IdempotencyClaim idempotency, ClaimAtInsert claim) {
    InsertResult result = store.insert(tenantId, messages, idempotency, claim);
    if (result instanceof InsertResult.Inserted ins) {
      ins.messages().forEach(m -> log.append(m.tenantId(), "message.accepted", m.id(), payload(m)
          .put("status", m.status().wireName()).toString(), m.createdAt()));
      ins.claimed().forEach(this::claimedNow);
    }
    return result;
  }

  @Override
  public List<Message> claimDue(String node, Instant now, Instant leaseUntil, int limit) {
    List<Message> out = store.claimDue(node, now, leaseUntil, limit);
    out.forEach(this::claimedNow);
    return out;
  }

  private void claimedNow(Message m) {
    claimed.put(m.id(), m);
    StatusChange last = m.timeline().isEmpty() ? null : m.timeline().get(m.timeline().size() - 1);
    MessageStatus from = last != null && last.to() == MessageStatus.SENDING ? last.from() : MessageStatus.QUEUED;
    changed(m, from, MessageStatus.SENDING, m.updatedAt(), null);
  }

  @Override
  public int complete(List<Completion> completions) {
    int written = store.complete(completions);
    for (Completion c : completions) {
      Message m = claimed.remove(c.messageId());
      if (m != null && written == completions.size()) {
        changed(m, MessageStatus.SENDING, c.status(), c.at(), c.reason());
      }
    }
    return written;
  }

  @Override
  public Message cancel(String tenantId, String messageId, Instant now) {
    return lastMove(store.cancel(tenantId, messageId, now));
  }

  @Override
  public Message requeue(String tenantId, String messageId, Content edit, int maxAttempts, String retriedBy, Instant now) {
    return lastMove(store.requeue(tenantId, messageId, edit, maxAttempts, retriedBy, now));
  }

  private Message lastMove(Message m) {
    if (!m.timeline().isEmpty()) {
      StatusChange last = m.timeline().get(m.timeline().size() - 1);
      changed(m, last.from(), last.to(), last.at(), last.reason());
    }
    return m;
  }

  @Override
  public StatusReportSink.Outcome applyReport(StatusReport report, Instant now) {
    StatusReportSink.Outcome outcome = store.applyReport(report, now);
    Message before = outcome.message();
    if (outcome.result() == StatusReportSink.Result.APPLIED && before != null && report.status() != null) {
      changed(before, before.status(), report.status(), now, report.errorCode());
    }
    return outcome;
  }

  private void changed(Message m, MessageStatus from, MessageStatus to, Instant at, String reason) {
    ObjectNode data = payload(m).put("from", from == null ? null : from.wireName()).put("to", to.wireName())
        .put("at", at.toString());
    if (reason != null) {
      data.put("reason", reason);
    }
    log.append(m.tenantId(), "message.status_changed", m.id(), data.toString(), at);
  }

  private static ObjectNode payload(Message m) {
    return JSON.createObjectNode().put("id", m.id()).put("channel", m.channel().wireName()).put("recipient", m.to());
  }

  @Override
  public Optional<Message> find(String tenantId, String messageId) {
    return store.find(tenantId, messageId);
  }

  @Override
  public List<DeliveryAttempt> attempts(String messageId) {
    return store.attempts(messageId);
  }

  @Override
  public List<MessageEvent> events(String messageId) {
    return store.events(messageId);
  }

  @Override
  public Page<Message> list(String tenantId, MessageQuery query) {
    return store.list(tenantId, query);
  }

  @Override
  public List<StatusCount> countByStatus(String tenantId, Instant createdFrom) {
    return store.countByStatus(tenantId, createdFrom);
  }

  @Override
  public int reapExpiredLeases(Instant cutoff, Instant now) {
    return store.reapExpiredLeases(cutoff, now);
  }

  @Override
  public Optional<Instant> lastInboundAt(String tenantId, dev.herald.core.message.Channel channel, String from) {
    return store.lastInboundAt(tenantId, channel, from);
  }

  @Override
  public Optional<Instant> nextDueAt() {
    return store.nextDueAt();
  }

  @Override
  public Optional<String> tenantForApiKey(String keyHash) {
    return store.tenantForApiKey(keyHash);
  }

  @Override
  public dev.herald.core.store.StoreHealth health() {
    return store.health();
  }

  @Override
  public void addApiKey(String tenantId, String keyHash, String keyPrefix, ApiKeyOrigin origin, Instant now) {
    store.addApiKey(tenantId, keyHash, keyPrefix, origin, now);
  }

  @Override
  public List<String> replaceConfiguredApiKey(String tenantId, String keyHash, String keyPrefix, Instant now) {
    return store.replaceConfiguredApiKey(tenantId, keyHash, keyPrefix, now);
  }

  @Override
  public long apiKeyCount() {
    return store.apiKeyCount();
  }

  @Override
  public SendJournal sendJournal() {
    return store.sendJournal();
  }

  @Override
  public void onRemoteWork(Runnable callback) {
    store.onRemoteWork(callback);
  }

  /** The underlying store is closed by its owner, not through this view. */
  @Override
  public void close() {}
}
