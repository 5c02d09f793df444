package dev.herald.core.message;

import dev.herald.core.error.ConflictException;
import dev.herald.core.error.NotFoundException;
import dev.herald.core.error.UnavailableException;
import dev.herald.core.error.ValidationException;
import dev.herald.core.provider.StatusReport;
import dev.herald.core.provider.StatusReportSink;
import dev.herald.core.retry.RetryPolicy;
import dev.herald.core.store.MessageQuery;
import dev.herald.core.store.MessageStore;
import dev.herald.core.store.MessageStore.IdempotencyClaim;
import dev.herald.core.store.MessageStore.InsertResult;
import dev.herald.core.store.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The client side of the engine: accepts messages (validated, normalised, stored durably, workers
 * woken), reads them, cancels and retries them, and applies provider status reports. Stands apart
 * from the {@link dev.herald.core.dispatch.Dispatcher} that does the sending.
 */
public final class MessageService implements StatusReportSink {
  /** Most messages in one batch request. */
  public static final int MAX_BATCH = 1_000;

  private final MessageStore store;
  private final Addresses addresses;
  private final Map<Channel, RetryPolicy> policies;
  private final Set<Channel> servedChannels;
  private final Clock clock;
  private volatile Workers workers = Workers.NONE;
  private volatile RecipientResolver recipients = RecipientResolver.RAW;

  /**
   * @param servedChannels channels with at least one provider; others are refused at accept time
   */
  public MessageService(MessageStore store, Addresses addresses, Map<Channel, RetryPolicy> policies,
      Set<Channel> servedChannels, Clock clock) {
    this.store = store;
    this.addresses = addresses;
    this.policies = Map.copyOf(policies);
    this.servedChannels = Set.copyOf(servedChannels);
    this.clock = clock;
  }

  /**
   * Sets the node's worker pool, woken after new due work is stored and handed messages claimed as
   * they are stored; called once while the node is wired, before it serves requests.
   */
  public void dispatchWith(Workers workers) {
    this.workers = workers;
  }

  /**
   * Sets how {@code contact_id} and conversations are resolved at accept time; called once while
   * the node is wired, before it serves requests.
   */
  public void resolveRecipientsWith(RecipientResolver resolver) {
    this.recipients = resolver;
  }

  /** Result of accepting: the messages, and whether they come from an earlier identical request. */
  public record Accepted(List<Message> messages, boolean replayed) {}

  /**
   * Validates and stores a caller's messages, all or none. Nothing is written before every request
   * has passed validation (conversations are opened or extended just before the insert, and a
   * conversation opened for an insert that then stored nothing is discarded).
   *
   * @param idempotency the caller's key and request hash, or {@code null}
   * @throws ValidationException naming every bad field ({@code messages/i/field} in a batch),
   *     including metadata keys only Herald may write ({@link MessageRequest#RESERVED_METADATA}), a
   *     caller's {@code list_unsubscribe} that is not one https or mailto URI, and CR, LF or NUL in
   *     any field that becomes an email header ({@link EmailHeaderFields})
   * @throws ConflictException when the idempotency key was used with a different request
   */
  public Accepted accept(String tenantId, List<MessageRequest> requests, IdempotencyClaim idempotency, boolean batch) {
    return accept(tenantId, requests, idempotency, batch, false);
  }

  /**
   * Accepts one message Herald itself writes (a reply to an SMS keyword),
   * which may carry {@link MessageRequest#RESERVED_METADATA}.
   *
   * @throws ValidationException as {@link #accept(String, List, IdempotencyClaim, boolean)}
   */
  public Message acceptFromHerald(String tenantId, MessageRequest request) {
    return accept(tenantId, List.of(request), null, false, true).messages().get(0);
  }

  private Accepted accept(String tenantId, List<MessageRequest> requests, IdempotencyClaim idempotency, boolean batch,
      boolean fromHerald) {
    if (requests.isEmpty()) {
      throw new ValidationException("messages", "must hold at least one message");
    }
    if (requests.size() > MAX_BATCH) {
      throw new ValidationException("messages", "holds " + requests.size() + " messages; the limit is " + MAX_BATCH);
    }
    // Stored times have millisecond precision; the answer must match what a later read returns.
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    List<Message> messages = new ArrayList<>(requests.size());
    List<ValidationException.FieldError> errors = new ArrayList<>();
    RecipientResolver.Prepared resolver = recipients.prepare(tenantId, requests);
    for (int i = 0; i < requests.size(); i++) {
      try {
        if (!fromHerald) {
          requests.get(i).checkCallerMetadata(addresses);
        }
        Message m = resolver.resolve(requests.get(i)).toMessage(tenantId, addresses, now, this::maxAttempts,
            idempotency == null ? null : idempotency.key());
        if (!servedChannels.contains(m.channel())) {
          throw new ValidationException("channel", "no provider is configured for channel " + m.channel().wireName());
        }
        checkWhatsAppWindow(m, now);
        messages.add(m);
      } catch (ValidationException e) {
        errors.addAll((batch ? e.prefixed("messages/" + i + "/") : e).errors());
      }
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    Accepted accepted;
    try {
      accepted = stored(tenantId, resolver.join(messages), idempotency, now);
    } catch (UnavailableException e) {
      // The insert may yet commit (a write that outlived the wait): its conversation must stay.
      throw e;
    } catch (RuntimeException e) {
      undo(resolver, e);
      throw e;
    }
    if (accepted.replayed()) {
      undo(resolver, null);
    }
    return accepted;
  }

  /** Undoes what the resolver's join created; a failure to is added to {@code cause}, or logged. */
  private static void undo(RecipientResolver.Prepared resolver, RuntimeException cause) {
    try {
      resolver.undo();
    } catch (RuntimeException e) {
      if (cause != null) {
        cause.addSuppressed(e);
      } else {
        org.slf4j.LoggerFactory.getLogger(MessageService.class).warn("could not discard a conversation opened for a replayed request: {}", e.toString());
      }
    }
  }

  /**
   * Inserts accepted messages; when workers are free and none wait in the queue, the due ones are
   * claimed in the insert and handed to the workers at once, else the workers are woken.
   */
  private Accepted stored(String tenantId, List<Message> messages, IdempotencyClaim idempotency, Instant now) {
    Workers w = workers;
    int due = 0;
    for (Message m : messages) {
      if (m.status() == MessageStatus.QUEUED && !m.dueAt().isAfter(now)) {
        due++;
      }
    }
    int reserved = due == 0 || !store.claimsAtInsert() ? 0 : w.reserve(due);
    InsertResult result;
    try {
      result = store.insert(tenantId, messages, idempotency,
          reserved == 0 ? null : new MessageStore.ClaimAtInsert(w.node(), now, now.plus(w.lease()), reserved));
    } catch (RuntimeException e) {
      w.release(reserved);
      throw e;
    }
    if (!(result instanceof InsertResult.Inserted ins)) {
      w.release(reserved);
    } else {
      w.release(reserved - ins.claimed().size());
      if (!ins.claimed().isEmpty()) {
        w.dispatch(ins.claimed());
      }
      if (ins.claimed().size() < due) {
        w.wakeUp();
      }
    }
    return switch (result) {
      case InsertResult.Inserted ins -> new Accepted(ins.messages(), false);
      case InsertResult.Replayed rep -> new Accepted(rep.messages(), true);
      case InsertResult.KeyReused k -> throw new IdempotencyKeyReusedException(idempotency.key());
    };
  }

  /**
   * Refuses free-form WhatsApp text outside the 24-hour customer-service window (Meta would reject
   * it with 131047); a template message is always allowed.
   */
  private void checkWhatsAppWindow(Message m, Instant now) {
    if (m.channel() != Channel.WHATSAPP || CustomerServiceWindow.isTemplate(m)) {
      return;
    }
    Instant last = store.lastInboundAt(m.tenantId(), Channel.WHATSAPP, m.to()).orElse(null);
    if (!CustomerServiceWindow.allowsFreeForm(last, now)) {
      throw new ValidationException("body", (last == null
          ? "free-form WhatsApp text needs a message from " + m.to() + " within the last 24 hours, and there is none"
          : "the 24-hour WhatsApp window with " + m.to() + " closed at " + last.plus(CustomerServiceWindow.LENGTH))
          + "; send an approved template instead (metadata template_name)");
    }
  }

  /** @throws NotFoundException when the tenant has no such message */
  public Message get(String tenantId, String id) {
    if (!MessageIds.isWellFormed(id)) {
      throw new NotFoundException("no message " + id);
    }
    return store.find(tenantId, id).orElseThrow(() -> new NotFoundException("no message " + id));
  }

  /** Delivery attempts of a message the tenant owns. */
  public List<DeliveryAttempt> attempts(String tenantId, String id) {
    return store.attempts(get(tenantId, id).id());
  }

  public Page<Message> list(String tenantId, MessageQuery query) {
    return store.list(tenantId, query);
  }

  /** Cancels a queued or scheduled message; a message already handed on is a conflict. */
  public Message cancel(String tenantId, String id) {
    get(tenantId, id);
    return store.cancel(tenantId, id, clock.instant());
  }

  /**
   * An operator's retry: re-queues a failed or dead-lettered message, due at once, optionally with
   * edited content (validated like a new message's), and grants it the channel policy's attempts
   * again, counted from the retry (its backoff starts over; its attempt numbers go on).
   *
   * @param retriedBy who retried, as the message's timeline names them (e.g. {@code API key
   *     hk_AbCd…}), or {@code null}
   */
  public Message retry(String tenantId, String id, Content edit, String retriedBy) {
    Message current = get(tenantId, id);
    if (edit != null) {
      Content merged = current.content().mergedWith(edit);
      new MessageRequest(current.channel().wireName(), current.to(), null, merged.text(), merged.subject(),
          merged.html(), current.category().wireName(), current.priority().wireName(), null, null, null)
          .toMessage(tenantId, addresses, clock.instant(), this::maxAttempts, null);
    }
    Message requeued = store.requeue(tenantId, id, edit, maxAttempts(current.channel()), retriedBy, clock.instant());
    workers.wakeUp();
    return requeued;
  }

  @Override
  public Result report(StatusReport report) {
    return apply(report).result();
  }

  @Override
  public Outcome apply(StatusReport report) {
    return store.applyReport(report, clock.instant());
  }

  private int maxAttempts(Channel channel) {
    return policies.getOrDefault(channel, RetryPolicy.DEFAULT).maxAttempts();
  }
}
