package dev.herald.testkit;

import static dev.herald.testkit.Messages.aMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.herald.core.error.ConflictException;
import dev.herald.core.message.DeliveryAttempt;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageStatus;
import dev.herald.core.message.StatusChange;
import dev.herald.core.provider.SendJournal;
import dev.herald.core.provider.StatusReport;
import dev.herald.core.provider.StatusReportSink.Result;
import dev.herald.core.store.Completion;
import dev.herald.core.store.MessageQuery;
import dev.herald.core.store.MessageStore;
import dev.herald.core.store.MessageStore.IdempotencyClaim;
import dev.herald.core.store.MessageStore.InsertResult;
import dev.herald.core.store.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link MessageStore} must have, run unchanged against each implementation:
 * a subclass only says how to open a fresh, empty store.
 */
public abstract class MessageStoreContract {
  protected MessageStore store;
  protected final SettableClock clock = SettableClock.atEpochOfTests();

  /** A new, empty, migrated store. */
  protected abstract MessageStore openStore();

  /**
   * The store {@link #openStore()} last opened, opened again after it was closed (a restart of
   * the process, or of a node, on the same database).
   */
  protected abstract MessageStore reopenStore();

  @BeforeEach
  void open() {
    store = openStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private Instant now() {
    return clock.instant();
  }

  private Message insert(Messages builder) {
    Message m = builder.build(now());
    store.insert(m.tenantId(), List.of(m), null);
    return m;
  }

  private List<Message> claim(int limit) {
    return store.claimDue("node-a", now(), now().plusSeconds(60), limit);
  }

  private Completion sent(Message claimed, String providerId) {
    return new Completion(claimed.id(), "node-a", claimed.attempts(), MessageStatus.SENT, now(), null, "simulator",
        providerId, null, null, null, "accepted by simulator",
        List.of(new DeliveryAttempt(claimed.id(), claimed.attempts(), "simulator", now(), 3, "accepted", null, null, 200, "node-a")));
  }

  /** A report naming Herald's message id (as Twilio's callback URL and SendGrid's custom_args do). */
  private StatusReport reportById(Message m, String providerId, MessageStatus status, String errorCode, String reason) {
    return new StatusReport("simulator", providerId, m.id(), status, errorCode, reason, now(),
        providerId + ":" + status.wireName(), status.wireName(), "{}", null, null);
  }

  private StatusReport report(Message m, String providerId, MessageStatus status) {
    return new StatusReport("simulator", providerId, null, status, null, null, now(), providerId + ":" + status.wireName(),
        status.wireName(), "{}", null, null);
  }

  @Test
  void insertedMessageIsFoundWithItsFirstTimelineEntry() {
    Message m = insert(aMessage());
    Message found = store.find("t1", m.id()).orElseThrow();
    assertThat(found.status()).isEqualTo(MessageStatus.QUEUED);
    assertThat(found.to()).isEqualTo("+14155550100");
    assertThat(found.timeline()).extracting(StatusChange::to).containsExactly(MessageStatus.QUEUED);
    assertThat(store.find("other-tenant", m.id())).isEmpty();
  }

  /**
   * A batch as large as PostgreSQL writes with {@code COPY} (from 64 rows) stores every field as
   * given: text with COPY's own special characters (backslash, tab, newline, carriage return, its
   * NULL marker, its end-of-data marker on a line of its own), characters outside the BMP, empty
   * strings. The subject, a header, cannot hold line breaks; it carries the rest.
   */
  @Test
  void largeBatchStoresEveryFieldAsGiven() {
    String odd = "a\\b\tc\nd\re \\N \\. é 😀\n\\.\n";
    String oneLine = "a\\b\tc \\N \\. é 😀 \\.";
    List<Message> batch = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      batch.add(aMessage().email("user" + i + "@example.com", oneLine + i, "<p>" + odd + "</p>")
          .metadata(Map.of("key\t" + i, odd, "empty", "")).sendAt(i % 2 == 0 ? null : now().plusSeconds(i))
          .expiresAt(i % 3 == 0 ? now().plusSeconds(86_400 + i) : null).build(now()));
    }
    store.insert("t1", batch, null);
    for (Message m : batch) {
      Message found = store.find("t1", m.id()).orElseThrow();
      assertThat(found).usingRecursiveComparison().ignoringFields("timeline").isEqualTo(m);
      assertThat(found.timeline()).extracting(StatusChange::to).containsExactly(m.status());
    }
    // A claim reads the rows its own way (on SQLite packed into one JSON column): the same fields.
    clock.advance(Duration.ofSeconds(200));
    Map<String, Message> claimed = new HashMap<>();
    claim(1_000).forEach(c -> claimed.put(c.id(), c));
    assertThat(claimed).hasSize(batch.size());
    for (Message m : batch) {
      assertThat(claimed.get(m.id())).usingRecursiveComparison().ignoringFields("timeline", "status", "attempts", "updatedAt")
          .isEqualTo(m);
      assertThat(claimed.get(m.id()).status()).isEqualTo(MessageStatus.SENDING);
    }
  }

  @Test
  void claimTakesHigherPriorityFirstThenOlderDueTime() {
    Message marketing = insert(aMessage().marketing());
    clock.advance(Duration.ofSeconds(1));
    Message transactional = insert(aMessage());
    List<Message> claimed = claim(1);
    assertThat(claimed).extracting(Message::id).containsExactly(transactional.id());
    assertThat(claimed.get(0).status()).isEqualTo(MessageStatus.SENDING);
    assertThat(claimed.get(0).attempts()).isEqualTo(1);
    assertThat(claim(10)).extracting(Message::id).containsExactly(marketing.id());
  }

  /**
   * Messages in flight that lie behind due ones in claim order (a message of higher priority came
   * after they were claimed) neither hide them nor make a claim take more than it asked for.
   */
  @Test
  void claimTakesTheFirstDueInOrderWhenMessagesInFlightLieBehindThem() {
    List<Message> queued = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      queued.add(insert(aMessage()));
      clock.advance(Duration.ofSeconds(1));
    }
    claim(3);
    // The three in flight are the first due: a claim of two looks past them.
    assertThat(claim(2)).extracting(Message::id).containsExactly(queued.get(3).id(), queued.get(4).id());
    List<Message> marketing = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      marketing.add(insert(aMessage().marketing()));
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(claim(3)).extracting(Message::id).containsExactlyInAnyOrderElementsOf(
        marketing.subList(0, 3).stream().map(Message::id).toList());
    List<Message> transactional = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      transactional.add(insert(aMessage()));
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(claim(2)).extracting(Message::id).containsExactlyInAnyOrder(transactional.get(0).id(), transactional.get(1).id());
    assertThat(claim(10)).extracting(Message::id).containsExactlyInAnyOrder(transactional.get(2).id(), marketing.get(3).id(),
        marketing.get(4).id());
  }

  @Test
  void claimedMessageIsNeverClaimedTwice() {
    for (int i = 0; i < 5; i++) {
      insert(aMessage());
    }
    List<Message> first = claim(3);
    List<Message> second = claim(10);
    assertThat(first).hasSize(3);
    assertThat(second).hasSize(2);
    assertThat(second).extracting(Message::id).doesNotContainAnyElementsOf(first.stream().map(Message::id).toList());
  }

  @Test
  void scheduledMessageWaitsForItsSendAtThenPassesThroughQueued() {
    Message m = insert(aMessage().sendAt(now().plusSeconds(30)));
    assertThat(m.status()).isEqualTo(MessageStatus.SCHEDULED);
    assertThat(claim(10)).isEmpty();
    assertThat(store.nextDueAt()).contains(now().plusSeconds(30));
    clock.advance(Duration.ofSeconds(30));
    assertThat(claim(10)).extracting(Message::id).containsExactly(m.id());
    assertThat(store.find("t1", m.id()).orElseThrow().timeline()).extracting(StatusChange::to)
        .containsExactly(MessageStatus.SCHEDULED, MessageStatus.QUEUED, MessageStatus.SENDING);
  }

  @Test
  void acceptedOutcomeMovesToSentAndRecordsTheAttempt() {
    insert(aMessage());
    Message claimed = claim(1).get(0);
    assertThat(store.complete(List.of(sent(claimed, "SM1")))).isEqualTo(1);
    Message m = store.find("t1", claimed.id()).orElseThrow();
    assertThat(m.status()).isEqualTo(MessageStatus.SENT);
    assertThat(m.providerMessageId()).isEqualTo("SM1");
    assertThat(store.attempts(m.id())).singleElement().satisfies(a -> {
      assertThat(a.provider()).isEqualTo("simulator");
      assertThat(a.outcome()).isEqualTo("accepted");
      assertThat(a.attempt()).isEqualTo(1);
    });
  }

  /**
   * A batch of accepted outcomes as large as PostgreSQL writes its delivery attempts with
   * {@code COPY} (from 64) records every attempt with every field as given.
   */
  @Test
  void largeBatchOfOutcomesRecordsEveryAttempt() {
    for (int i = 0; i < 100; i++) {
      insert(aMessage());
    }
    List<Message> claimed = claim(100);
    List<Completion> outcomes = new ArrayList<>();
    for (Message m : claimed) {
      outcomes.add(new Completion(m.id(), "node-a", m.attempts(), MessageStatus.SENT, now(), null, "simulator",
          "SM-" + m.id(), null, null, null, "accepted by simulator",
          List.of(new DeliveryAttempt(m.id(), m.attempts(), "simulator", now().minusMillis(7), 7, "accepted", "E\\1",
              "tab\there\nnewline", 201, "node-a"))));
    }
    assertThat(store.complete(outcomes)).isEqualTo(100);
    for (Message m : claimed) {
      assertThat(store.attempts(m.id())).containsExactly(new DeliveryAttempt(m.id(), 1, "simulator",
          now().minusMillis(7), 7, "accepted", "E\\1", "tab\there\nnewline", 201, "node-a"));
    }
  }

  /**
   * A restart, whether after a clean stop or a crash ({@code kill -9} leaves the same files), holds
   * the claims left in flight until their lease ends, as another node would: a message whose send
   * may have reached its provider is not sent again before its status callback could arrive.
   */
  @Test
  void claimsLeftInFlightByAStoppedProcessAreHeldUntilTheirLeaseEnds() {
    Message inFlight = insert(aMessage());
    clock.advance(Duration.ofMillis(1));
    Message completed = insert(aMessage());
    clock.advance(Duration.ofMillis(1));
    Message notClaimed = insert(aMessage());
    List<Message> claimed = claim(2);
    assertThat(claimed).extracting(Message::id).containsExactly(inFlight.id(), completed.id());
    assertThat(store.complete(List.of(sent(claimed.get(1), "SM-done")))).isEqualTo(1);
    store.close();
    store = reopenStore();

    assertThat(store.find("t1", inFlight.id()).orElseThrow().status()).isEqualTo(MessageStatus.SENDING);
    store.reapExpiredLeases(now(), now());
    assertThat(store.claimDue("node-b", now(), now().plusSeconds(60), 10)).extracting(Message::id)
        .containsExactly(notClaimed.id());
    clock.advance(Duration.ofSeconds(66));
    store.reapExpiredLeases(now(), now());
    Message again = store.claimDue("node-b", now(), now().plusSeconds(60), 10).get(0);
    assertThat(again.id()).isEqualTo(inFlight.id());
    assertThat(again.attempts()).as("the attempt cut off counts").isEqualTo(2);
    assertThat(store.find("t1", inFlight.id()).orElseThrow().timeline())
        .extracting(StatusChange::from, StatusChange::to).containsSubsequence(
            tuple(MessageStatus.QUEUED, MessageStatus.SENDING),
            tuple(MessageStatus.SENDING, MessageStatus.QUEUED),
            tuple(MessageStatus.QUEUED, MessageStatus.SENDING));
  }

  /**
   * A status report on a message held after a restart settles it at once, judged as {@code sending}
   * (a failure report too), and the message is never sent again; the attempt cut off counts.
   */
  @Test
  void aReportSettlesAMessageHeldAfterARestartWithoutWaitingForItsLease() {
    Message delivered = insert(aMessage());
    clock.advance(Duration.ofMillis(1));
    Message undelivered = insert(aMessage());
    assertThat(claim(2)).hasSize(2);
    store.close();
    store = reopenStore();
    StatusReport deliveredReport = reportById(delivered, "SM-before-crash-1", MessageStatus.DELIVERED, null, null);
    StatusReport undeliveredReport = reportById(undelivered, "SM-before-crash-2", MessageStatus.UNDELIVERED, "30003", "unreachable");
    // The leases have 60 s to run; the reports must not wait for them.
    assertThat(org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(30),
        () -> List.of(store.applyReport(deliveredReport, now()).result(), store.applyReport(undeliveredReport, now()).result())))
        .containsExactly(Result.APPLIED, Result.APPLIED);
    Message d = store.find("t1", delivered.id()).orElseThrow();
    Message u = store.find("t1", undelivered.id()).orElseThrow();
    assertThat(d.status()).isEqualTo(MessageStatus.DELIVERED);
    assertThat(u.status()).isEqualTo(MessageStatus.UNDELIVERED);
    assertThat(u.errorCode()).isEqualTo("30003");
    for (Message m : List.of(d, u)) {
      assertThat(m.attempts()).as("the attempt cut off counts").isEqualTo(1);
      assertThat(m.timeline()).extracting(StatusChange::from, StatusChange::to).containsSubsequence(
          tuple(MessageStatus.QUEUED, MessageStatus.SENDING), tuple(MessageStatus.SENDING, m.status()));
    }
    clock.advance(Duration.ofSeconds(66));
    store.reapExpiredLeases(now(), now());
    assertThat(store.claimDue("node-b", now(), now().plusSeconds(60), 10)).isEmpty();
    assertThat(store.find("t1", delivered.id()).orElseThrow().status()).isEqualTo(MessageStatus.DELIVERED);
    assertThat(store.find("t1", undelivered.id()).orElseThrow().status()).isEqualTo(MessageStatus.UNDELIVERED);
  }

  /** A held message a report failed is an operator's to retry at once, as any failed message. */
  @Test
  void aHeldMessageAReportFailedCanBeRetriedAtOnce() {
    Message m = insert(aMessage());
    assertThat(claim(1)).hasSize(1);
    store.close();
    store = reopenStore();
    assertThat(store.applyReport(reportById(m, "SM-failed", MessageStatus.FAILED, "30007", "filtered"), now()).result())
        .isEqualTo(Result.APPLIED);
    assertThat(store.requeue("t1", m.id(), null, 4, null, now()).status()).isEqualTo(MessageStatus.QUEUED);
    List<Message> again = store.claimDue("node-b", now(), now().plusSeconds(60), 10);
    assertThat(again).extracting(Message::id).containsExactly(m.id());
    assertThat(again.get(0).attempts()).isEqualTo(2);
  }

  @Test
  void outcomeOfALostLeaseChangesNothing() {
    insert(aMessage());
    Message claimed = claim(1).get(0);
    clock.advance(Duration.ofSeconds(66));
    // A store frees an expired lease either in its reaper or in the next claim, which takes it over
    // (PostgreSQL: once it ran out 5 s ago).
    store.reapExpiredLeases(now(), now());
    Message reclaimed = store.claimDue("node-b", now(), now().plusSeconds(60), 1).get(0);
    assertThat(reclaimed.attempts()).isEqualTo(2);
    assertThat(store.find("t1", claimed.id()).orElseThrow().timeline())
        .extracting(StatusChange::from, StatusChange::to).containsSubsequence(
            tuple(MessageStatus.QUEUED, MessageStatus.SENDING),
            tuple(MessageStatus.SENDING, MessageStatus.QUEUED),
            tuple(MessageStatus.QUEUED, MessageStatus.SENDING));
    assertThat(store.complete(List.of(sent(claimed, "SM-stale")))).isZero();
    assertThat(store.find("t1", claimed.id()).orElseThrow().status()).isEqualTo(MessageStatus.SENDING);
    // The stale outcome did not free the new claim: nobody claims it a third time, and its own outcome counts.
    assertThat(store.claimDue("node-c", now(), now().plusSeconds(60), 10)).isEmpty();
    Completion current = new Completion(reclaimed.id(), "node-b", 2, MessageStatus.SENT, now(), null, "simulator", "SM-b",
        null, null, null, "accepted by simulator", List.of());
    assertThat(store.complete(List.of(current))).isEqualTo(1);
    assertThat(store.find("t1", claimed.id()).orElseThrow().attempts()).isEqualTo(2);
  }

  /** Cancels and outcome batches at the same time (both write; neither may wait for the other forever). */
  @Test
  @org.junit.jupiter.api.Timeout(30)
  void cancelsWhileOutcomesAreWrittenAllFinish() throws Exception {
    List<Message> waiting = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      insert(aMessage().to("+1415557" + String.format("%04d", i)));
    }
    List<Message> claimed = claim(100);
    for (Message m : store.list("t1", new dev.herald.core.store.MessageQuery(MessageStatus.QUEUED, null, null, null, null, null, 200)).items()) {
      if (m.status() == MessageStatus.QUEUED) {
        waiting.add(m);
      }
    }
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<?>> all = new ArrayList<>();
      for (int i = 0; i < claimed.size(); i += 10) {
        List<Completion> batch = claimed.subList(i, i + 10).stream().map(m -> sent(m, "SMC-" + m.id())).toList();
        all.add(pool.submit(() -> store.complete(batch)));
      }
      for (Message m : waiting) {
        all.add(pool.submit(() -> store.cancel("t1", m.id(), now())));
      }
      for (var f : all) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(waiting).hasSize(100).allSatisfy(m ->
        assertThat(store.find("t1", m.id()).orElseThrow().status()).isEqualTo(MessageStatus.CANCELED));
    assertThat(claimed).allSatisfy(m -> assertThat(store.find("t1", m.id()).orElseThrow().status()).isEqualTo(MessageStatus.SENT));
  }

  @Test
  void transientOutcomeRequeuesUntilItsRetryTime() {
    insert(aMessage());
    Message claimed = claim(1).get(0);
    Instant retryAt = now().plusSeconds(10);
    store.complete(List.of(new Completion(claimed.id(), "node-a", 1, MessageStatus.QUEUED, now(), retryAt, "simulator",
        null, null, null, "503", "attempt 1 failed", List.of())));
    assertThat(claim(1)).isEmpty();
    clock.advance(Duration.ofSeconds(10));
    Message again = claim(1).get(0);
    assertThat(again.attempts()).isEqualTo(2);
    // The claim reads what the failed attempt left (on SQLite through its packed row): the same
    // fields as a look-up, apart from the claim itself.
    assertThat(again).usingRecursiveComparison().ignoringFields("timeline", "status", "attempts", "updatedAt")
        .isEqualTo(store.find("t1", claimed.id()).orElseThrow());
    assertThat(again.provider()).isEqualTo("simulator");
    assertThat(again.errorCode()).isEqualTo("503");
    assertThat(again.errorReason()).isEqualTo("attempt 1 failed");
  }

  @Test
  void cancelWorksWhileQueuedAndIsAConflictOnceSent() {
    Message queued = insert(aMessage());
    assertThat(store.cancel("t1", queued.id(), now()).status()).isEqualTo(MessageStatus.CANCELED);
    insert(aMessage());
    Message claimed = claim(1).get(0);
    store.complete(List.of(sent(claimed, "SM2")));
    assertThatThrownBy(() -> store.cancel("t1", claimed.id(), now())).isInstanceOf(ConflictException.class);
  }

  @Test
  void messageInFlightShowsAsSendingAndCannotBeCanceled() {
    Message m = insert(aMessage());
    Message claimed = claim(1).get(0);
    Message seen = store.find("t1", m.id()).orElseThrow();
    assertThat(seen.status()).isEqualTo(MessageStatus.SENDING);
    assertThat(seen.attempts()).isEqualTo(1);
    assertThat(store.list("t1", new dev.herald.core.store.MessageQuery(null, null, null, null, null, null, 10)).items())
        .extracting(Message::status).containsExactly(MessageStatus.SENDING);
    assertThatThrownBy(() -> store.cancel("t1", m.id(), now())).isInstanceOf(ConflictException.class);
    store.complete(List.of(sent(claimed, "SM-flight")));
    assertThat(store.find("t1", m.id()).orElseThrow().timeline()).extracting(StatusChange::to)
        .containsExactly(MessageStatus.QUEUED, MessageStatus.SENDING, MessageStatus.SENT);
  }

  @Test
  void messagesClaimedInTheirInsertAreInFlightAndNeverClaimedAgain() {
    Message first = aMessage().build(now());
    Message second = aMessage().build(now());
    Message later = aMessage().sendAt(now().plusSeconds(60)).build(now());
    InsertResult.Inserted ins = (InsertResult.Inserted) store.insert("t1", List.of(first, second, later), null,
        new MessageStore.ClaimAtInsert("node-a", now(), now().plusSeconds(60), 1));
    // A store may claim fewer than asked (the embedded one claims none); never more, never a scheduled one.
    assertThat(ins.messages()).extracting(Message::status)
        .containsExactly(MessageStatus.QUEUED, MessageStatus.QUEUED, MessageStatus.SCHEDULED);
    assertThat(ins.claimed()).hasSizeLessThanOrEqualTo(1);
    List<String> claimedIds = ins.claimed().stream().map(Message::id).toList();
    for (Message c : ins.claimed()) {
      assertThat(c.id()).isEqualTo(first.id());
      assertThat(c.status()).isEqualTo(MessageStatus.SENDING);
      assertThat(c.attempts()).isEqualTo(1);
      Message stored = store.find("t1", c.id()).orElseThrow();
      assertThat(stored.status()).isEqualTo(MessageStatus.SENDING);
      assertThat(stored.timeline()).extracting(StatusChange::to).containsExactly(MessageStatus.QUEUED, MessageStatus.SENDING);
      assertThatThrownBy(() -> store.cancel("t1", c.id(), now())).isInstanceOf(ConflictException.class);
    }
    List<String> everyClaim = new ArrayList<>(claimedIds);
    claim(10).forEach(c -> everyClaim.add(c.id()));
    assertThat(everyClaim).containsExactlyInAnyOrder(first.id(), second.id());
    for (Message c : ins.claimed()) {
      assertThat(store.complete(List.of(sent(c, "SM-at-insert")))).isEqualTo(1);
      assertThat(store.find("t1", c.id()).orElseThrow().timeline()).extracting(StatusChange::to)
          .containsExactly(MessageStatus.QUEUED, MessageStatus.SENDING, MessageStatus.SENT);
    }
  }

  @Test
  void reportOfASendNotYetRecordedIsAppliedAfterTheRecord() throws Exception {
    Message m = insert(aMessage());
    Message claimed = claim(1).get(0);
    StatusReport delivered = new StatusReport("simulator", "SM-early", m.id(), MessageStatus.DELIVERED, null, null, now(),
        "SM-early:delivered", "delivered", "{}", null, null);
    java.util.concurrent.CompletableFuture<Result> applied =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> store.applyReport(delivered, now()).result());
    // The report waits for this node's record of the send instead of racing it for the row.
    Thread.sleep(200);
    assertThat(applied).isNotDone();
    store.complete(List.of(sent(claimed, "SM-early")));
    assertThat(applied.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(Result.APPLIED);
    assertThat(store.find("t1", m.id()).orElseThrow().timeline()).extracting(StatusChange::to)
        .containsExactly(MessageStatus.QUEUED, MessageStatus.SENDING, MessageStatus.SENT, MessageStatus.DELIVERED);
  }

  @Test
  void reportOfASendWhoseRecordWasLostMovesTheWaitingMessageOnInsteadOfSendingItAgain() {
    Message m = insert(aMessage());
    StatusReport delivered = new StatusReport("simulator", "SM-lost", m.id(), MessageStatus.DELIVERED, null, null, now(),
        "SM-lost:delivered", "delivered", "{}", null, null);
    assertThat(store.applyReport(delivered, now()).result()).isEqualTo(Result.APPLIED);
    assertThat(store.find("t1", m.id()).orElseThrow().status()).isEqualTo(MessageStatus.DELIVERED);
    assertThat(claim(10)).isEmpty();
    Message waiting = insert(aMessage());
    StatusReport failed = new StatusReport("simulator", "SM-lost-2", waiting.id(), MessageStatus.UNDELIVERED, "30003", "unreachable",
        now(), "SM-lost-2:undelivered", "undelivered", "{}", null, null);
    store.applyReport(failed, now());
    assertThat(store.find("t1", waiting.id()).orElseThrow().status()).isEqualTo(MessageStatus.QUEUED);
  }

  @Test
  void deadLetteredMessageCanBeRetriedWithEditedContent() {
    insert(aMessage());
    Message claimed = claim(1).get(0);
    store.complete(List.of(new Completion(claimed.id(), "node-a", 1, MessageStatus.DEAD_LETTERED, now(), null, "simulator",
        null, null, null, "503", "retries exhausted", List.of())));
    Message retried = store.requeue("t1", claimed.id(), new dev.herald.core.message.Content("fixed text", null, null), 4,
        null, now());
    assertThat(retried.status()).isEqualTo(MessageStatus.QUEUED);
    assertThat(retried.content().text()).isEqualTo("fixed text");
    assertThat(retried.maxAttempts()).isEqualTo(4);
    assertThat(retried.timeline().get(retried.timeline().size() - 1).reason())
        .isEqualTo("retried by operator with edited content; fresh retry budget: 4 attempts from attempt 2");
    assertThat(claim(1)).hasSize(1);
  }

  /**
   * Issue 20, point 7: an operator's retry grants the policy's attempts again, counted from the
   * retry. The store keeps {@code max_attempts} as the policy's limit, records the attempts made
   * before the retry ({@code attempts_before_retry}, carried by every claim, as the budget and the
   * backoff count from it), and numbers the attempts after it on from the last one.
   */
  @Test
  void anOperatorRetryCountsTheBudgetFromTheRetryAndNumbersAttemptsOn() {
    Message m = insert(aMessage());
    failAttempts(m, 1, 4);
    clock.advance(Duration.ofHours(1));

    Message retried = store.requeue("t1", m.id(), null, 4, "API key hk_AbCd…", now());
    assertThat(retried.status()).isEqualTo(MessageStatus.QUEUED);
    assertThat(retried.dueAt()).isEqualTo(now());
    assertThat(retried.attempts()).isEqualTo(4);
    assertThat(retried.maxAttempts()).as("the policy's limit, not inflated").isEqualTo(4);
    assertThat(retried.attemptsBeforeRetry()).isEqualTo(4);
    assertThat(retried.errorCode()).isNull();
    StatusChange entry = retried.timeline().get(retried.timeline().size() - 1);
    assertThat(entry.from()).isEqualTo(MessageStatus.DEAD_LETTERED);
    assertThat(entry.reason()).isEqualTo("retried by operator (API key hk_AbCd…); fresh retry budget: 4 attempts from attempt 5");

    failAttempts(m, 5, 8);
    Message dead = store.find("t1", m.id()).orElseThrow();
    assertThat(dead.status()).isEqualTo(MessageStatus.DEAD_LETTERED);
    assertThat(dead.attempts()).isEqualTo(8);
    assertThat(dead.maxAttempts()).isEqualTo(4);
    assertThat(dead.attemptsBeforeRetry()).isEqualTo(4);
    assertThat(store.attempts(m.id())).extracting(DeliveryAttempt::attempt).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);

    // The latest retry counts: a second one grants the budget again from attempt 9.
    assertThat(store.requeue("t1", m.id(), null, 4, "API key hk_AbCd…", now()).attemptsBeforeRetry()).isEqualTo(8);
    Message ninth = claim(1).get(0);
    assertThat(ninth.attempts()).isEqualTo(9);
    assertThat(ninth.attemptsSinceRetry()).isEqualTo(1);
  }

  /**
   * Claims and fails attempts {@code first} to {@code last} of {@code m} with a transient failure
   * each, due again at once; the last is dead-lettered. Each claim carries the retry budget's base.
   */
  private void failAttempts(Message m, int first, int last) {
    for (int n = first; n <= last; n++) {
      List<Message> claimed = claim(10);
      assertThat(claimed).extracting(Message::id).containsExactly(m.id());
      Message c = claimed.get(0);
      assertThat(c.attempts()).isEqualTo(n);
      assertThat(c.maxAttempts()).isEqualTo(4);
      assertThat(c.attemptsBeforeRetry()).isEqualTo(first - 1);
      MessageStatus next = n < last ? MessageStatus.QUEUED : MessageStatus.DEAD_LETTERED;
      assertThat(store.complete(List.of(new Completion(m.id(), "node-a", n, next, now(), n < last ? now() : null,
          "simulator", null, null, null, "503", "service unavailable",
          List.of(new DeliveryAttempt(m.id(), n, "simulator", now(), 3, "transient_failure", "503", "service unavailable",
              503, "node-a")))))).isEqualTo(1);
    }
  }

  @Test
  void lateSentReportDoesNotMoveDeliveredMessageBack() {
    insert(aMessage());
    Message claimed = claim(1).get(0);
    store.complete(List.of(sent(claimed, "SM3")));
    Message m = store.find("t1", claimed.id()).orElseThrow();
    assertThat(store.applyReport(report(m, "SM3", MessageStatus.DELIVERED), now()).result()).isEqualTo(Result.APPLIED);
    assertThat(store.applyReport(report(m, "SM3", MessageStatus.SENT), now()).result()).isEqualTo(Result.IGNORED);
    assertThat(store.applyReport(report(m, "SM3", MessageStatus.DELIVERED), now()).result()).isEqualTo(Result.DUPLICATE);
    assertThat(store.find("t1", m.id()).orElseThrow().status()).isEqualTo(MessageStatus.DELIVERED);
  }

  @Test
  void reportThatArrivesBeforeTheSendIsRecordedIsAppliedWhenItIs() {
    insert(aMessage());
    Message claimed = claim(1).get(0);
    StatusReport early = new StatusReport("simulator", "SM-early", null, MessageStatus.DELIVERED, null, null, now(),
        "SM-early:delivered", "delivered", "{}", null, null);
    assertThat(store.applyReport(early, now()).result()).isEqualTo(Result.UNMATCHED);
    store.complete(List.of(sent(claimed, "SM-early")));
    assertThat(store.find("t1", claimed.id()).orElseThrow().status()).isEqualTo(MessageStatus.DELIVERED);
    assertThat(store.events(claimed.id())).singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo("applied"));
    assertThat(store.applyReport(early, now()).result()).isEqualTo(Result.DUPLICATE);
  }

  @Test
  void reportForAnUnknownProviderIdIsStoredAsUnmatched() {
    StatusReport r = new StatusReport("simulator", "SM-unknown", null, MessageStatus.DELIVERED, null, null, now(), "k1",
        "delivered", "{}", null, null);
    assertThat(store.applyReport(r, now()).result()).isEqualTo(Result.UNMATCHED);
  }

  @Test
  void shuffledReportsAlwaysEndAtTheHighestRankedStatus() {
    long seed = System.nanoTime();
    System.out.println("shuffledReportsAlwaysEndAtTheHighestRankedStatus seed=" + seed);
    Random random = new Random(seed);
    for (int round = 0; round < 20; round++) {
      insert(aMessage());
      Message claimed = claim(1).get(0);
      String pid = "SMR" + round;
      store.complete(List.of(sent(claimed, pid)));
      List<MessageStatus> reports = new ArrayList<>(List.of(MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.READ,
          MessageStatus.DELIVERED));
      Collections.shuffle(reports, random);
      for (int i = 0; i < reports.size(); i++) {
        MessageStatus s = reports.get(i);
        store.applyReport(new StatusReport("simulator", pid, null, s, null, null, now(), pid + ":" + s + ":" + i, s.wireName(),
            "{}", null, null), now());
      }
      assertThat(store.find("t1", claimed.id()).orElseThrow().status()).as("seed %d round %d order %s", seed, round, reports)
          .isEqualTo(MessageStatus.READ);
    }
  }

  /**
   * Completion batches (accepted sends and transient failures mixed) and delivery reports on the
   * same messages at the same time, as when a provider reports within milliseconds of accepting:
   * every write commits (none is refused as a deadlock or lost to the race) and every accepted
   * message ends delivered, whichever of its completion and its report came first.
   */
  @Test
  void completionsAndReportsRacingOnTheSameMessagesAllCommit() throws Exception {
    int messages = 400;
    for (int i = 0; i < messages; i++) {
      insert(aMessage().to("+1415556" + String.format("%04d", i)));
    }
    List<Message> claimed = new ArrayList<>(claim(messages));
    Collections.shuffle(claimed, new Random(3));
    // Completions come from the dispatcher's writer threads, reports from webhook threads.
    List<java.util.concurrent.Callable<Object>> completions = new ArrayList<>();
    for (int from = 0; from < messages; from += 50) {
      List<Completion> batch = new ArrayList<>();
      for (Message m : claimed.subList(from, from + 50)) {
        // One in ten fails transiently, so a batch also holds a second kind of statement.
        batch.add(m.to().endsWith("7") ? new Completion(m.id(), "node-a", m.attempts(), MessageStatus.QUEUED, now(),
            now().plusSeconds(30), "simulator", null, null, null, "503", "busy", List.of(), false) : sent(m, "SMG-" + m.id()));
      }
      completions.add(() -> store.complete(batch));
    }
    List<java.util.concurrent.Callable<Object>> reports = new ArrayList<>();
    for (Message m : claimed) {
      StatusReport r = new StatusReport("simulator", "SMG-" + m.id(), m.id(), MessageStatus.DELIVERED, null, null, now(),
          "SMG-" + m.id() + ":delivered", "delivered", "{}", null, null);
      reports.add(() -> store.applyReport(r, now()));
    }
    Collections.shuffle(reports, new Random(11));
    var writers = java.util.concurrent.Executors.newFixedThreadPool(2);
    var webhooks = java.util.concurrent.Executors.newFixedThreadPool(16);
    try {
      List<java.util.concurrent.Future<Object>> all = new ArrayList<>();
      for (int i = 0; i < reports.size(); i++) {
        all.add(webhooks.submit(reports.get(i)));
        if (i % 50 == 25) {
          all.add(writers.submit(completions.get(i / 50)));
        }
      }
      for (var f : all) {
        f.get();
      }
    } finally {
      writers.shutdown();
      webhooks.shutdown();
    }
    for (Message m : claimed) {
      if (!m.to().endsWith("7")) {
        assertThat(store.find("t1", m.id()).orElseThrow().status()).as(m.id()).isEqualTo(MessageStatus.DELIVERED);
      }
    }
  }

  @Test
  void reportsArrivingTogetherAreAppliedAsIfOneByOne() throws Exception {
    int messages = 60;
    List<Message> sent = new ArrayList<>();
    for (int i = 0; i < messages; i++) {
      insert(aMessage().to("+1415555" + String.format("%04d", i)));
    }
    for (Message claimed : claim(messages)) {
      store.complete(List.of(sent(claimed, "SMG-" + claimed.id())));
      sent.add(claimed);
    }
    List<StatusReport> reports = new ArrayList<>();
    Random ids = new Random(7);
    for (Message m : sent) {
      String pid = "SMG-" + m.id();
      StatusReport delivered = null;
      for (MessageStatus s : List.of(MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.READ)) {
        // Some callbacks name the message by the provider's id, some by ours (two writer threads).
        boolean ours = ids.nextBoolean();
        StatusReport r = new StatusReport("simulator", ours ? null : pid, ours ? m.id() : null, s, null, null, now(),
            pid + ":" + s.wireName(), s.wireName(), "{}", s == MessageStatus.READ ? new java.math.BigDecimal("-0.0075") : null,
            "USD");
        reports.add(r);
        delivered = s == MessageStatus.DELIVERED ? r : delivered;
      }
      // The provider repeats its delivered callback, and a provider that never carried it reports on it.
      reports.add(delivered);
      reports.add(new StatusReport("other", pid, m.id(), MessageStatus.FAILED, "30003", "unreachable", now(), pid + ":other",
          "failed", "{}", null, null));
    }
    Collections.shuffle(reports, new Random(42));
    var pool = java.util.concurrent.Executors.newFixedThreadPool(32);
    try {
      List<java.util.concurrent.Future<Result>> results = new ArrayList<>();
      for (StatusReport r : reports) {
        results.add(pool.submit(() -> store.applyReport(r, now()).result()));
      }
      List<Result> outcomes = new ArrayList<>();
      for (var f : results) {
        outcomes.add(f.get());
      }
      assertThat(outcomes).filteredOn(r -> r == Result.DUPLICATE).hasSize(messages);
      assertThat(outcomes).doesNotContain(Result.UNMATCHED);
    } finally {
      pool.shutdown();
    }
    for (Message m : sent) {
      Message now = store.find("t1", m.id()).orElseThrow();
      assertThat(now.status()).isEqualTo(MessageStatus.READ);
      assertThat(now.errorCode()).isNull();
      assertThat(now.cost()).isEqualByComparingTo("0.0075");
      assertThat(now.costCurrency()).isEqualTo("USD");
      List<MessageStatus> reached = now.timeline().stream().map(StatusChange::to).toList();
      assertThat(reached.subList(0, 3)).containsExactly(MessageStatus.QUEUED, MessageStatus.SENDING, MessageStatus.SENT);
      assertThat(reached.subList(3, reached.size())).isIn(List.of(MessageStatus.READ),
          List.of(MessageStatus.DELIVERED, MessageStatus.READ));
      var events = store.events(m.id());
      assertThat(events).hasSize(5);
      assertThat(events).filteredOn(e -> e.outcome().equals("applied")).hasSize(reached.size() - 3);
      assertThat(events).filteredOn(e -> e.provider().equals("other")).singleElement()
          .satisfies(e -> assertThat(e.outcome()).isEqualTo("ignored"));
    }
  }

  @Test
  void idempotencyKeyReplaysTheSameRequestAndRefusesAnother() {
    Message first = aMessage().build(now());
    InsertResult a = store.insert("t1", List.of(first), new IdempotencyClaim("key-1", "hash-a"));
    assertThat(a).isInstanceOf(InsertResult.Inserted.class);
    Message second = aMessage().build(now());
    InsertResult b = store.insert("t1", List.of(second), new IdempotencyClaim("key-1", "hash-a"));
    assertThat(b).isInstanceOfSatisfying(InsertResult.Replayed.class,
        r -> assertThat(r.messages()).extracting(Message::id).containsExactly(first.id()));
    assertThat(store.insert("t1", List.of(second), new IdempotencyClaim("key-1", "hash-b")))
        .isInstanceOf(InsertResult.KeyReused.class);
    assertThat(store.find("t1", second.id())).isEmpty();
  }

  /**
   * Batch requests arriving together (on the embedded store they may share a transaction): of four
   * with one idempotency key exactly one inserts and the others replay its messages, and four with
   * keys of their own all insert.
   */
  @Test
  void concurrentBatchRequestsKeepTheirIdempotency() throws Exception {
    int n = 8;
    List<List<Message>> batches = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      batches.add(List.of(aMessage().build(now()), aMessage().build(now()), aMessage().build(now())));
    }
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<InsertResult>> results = new ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(n)) {
      for (int i = 0; i < n; i++) {
        List<Message> batch = batches.get(i);
        IdempotencyClaim key = i < 4 ? new IdempotencyClaim("shared", "hash-shared") : new IdempotencyClaim("own-" + i, "hash-" + i);
        results.add(pool.submit(() -> {
          start.await();
          return store.insert("t1", batch, key);
        }));
      }
      start.countDown();
    }
    List<InsertResult> shared = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      InsertResult r = results.get(i).get();
      if (i < 4) {
        shared.add(r);
      } else {
        assertThat(r).isInstanceOf(InsertResult.Inserted.class);
        for (Message m : batches.get(i)) {
          assertThat(store.find("t1", m.id())).isPresent();
        }
      }
    }
    List<InsertResult> inserted = shared.stream().filter(r -> r instanceof InsertResult.Inserted).toList();
    assertThat(inserted).hasSize(1);
    List<String> winner = ((InsertResult.Inserted) inserted.get(0)).messages().stream().map(Message::id).toList();
    assertThat(shared).filteredOn(r -> r instanceof InsertResult.Replayed).hasSize(3)
        .allSatisfy(r -> assertThat(((InsertResult.Replayed) r).messages()).extracting(Message::id).isEqualTo(winner));
    long stored = batches.subList(0, 4).stream().flatMap(List::stream).filter(m -> store.find("t1", m.id()).isPresent()).count();
    assertThat(stored).isEqualTo(3);
  }

  @Test
  void listingFiltersAndPagesNewestFirst() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(insert(aMessage()).id());
      clock.advance(Duration.ofMillis(5));
    }
    insert(aMessage().to("+14155550199"));
    Page<Message> page1 = store.list("t1", new MessageQuery(null, null, "+14155550100", null, null, null, 3));
    assertThat(page1.items()).extracting(Message::id).containsExactly(ids.get(4), ids.get(3), ids.get(2));
    Page<Message> page2 = store.list("t1", new MessageQuery(MessageStatus.QUEUED, null, "+14155550100", null, null,
        page1.nextCursor(), 3));
    assertThat(page2.items()).extracting(Message::id).containsExactly(ids.get(1), ids.get(0));
    assertThat(page2.nextCursor()).isNull();
  }

  @Test
  void lastInboundTimeIsTheLatestInboundMessageFromThatSender() {
    assertThat(store.lastInboundAt("t1", dev.herald.core.message.Channel.WHATSAPP, "+14155550123")).isEmpty();
    Message out = aMessage().channel("whatsapp").to("+14155550123").build(now());
    for (int i = 0; i < 2; i++) {
      clock.advance(Duration.ofMinutes(5));
      Message in = new Message(dev.herald.core.message.MessageIds.next(), "t1", out.channel(),
          dev.herald.core.message.Direction.INBOUND, "+15005550006", "+14155550123", out.content(), out.category(),
          out.priority(), null, null, java.util.Map.of(), null, null, null, MessageStatus.DELIVERED, 0, 0, now(), null, null,
          null, null, null, null, now(), now(), List.of());
      store.insert("t1", List.of(in), null);
    }
    store.insert("t1", List.of(out), null);
    assertThat(store.lastInboundAt("t1", dev.herald.core.message.Channel.WHATSAPP, "+14155550123")).contains(now());
    assertThat(store.lastInboundAt("t2", dev.herald.core.message.Channel.WHATSAPP, "+14155550123")).isEmpty();
    assertThat(store.lastInboundAt("t1", dev.herald.core.message.Channel.SMS, "+14155550123")).isEmpty();
  }

  @Test
  void apiKeysMapToTheirTenant() {
    store.addApiKey("acme", "hash-of-key", "hk_abcd", MessageStore.ApiKeyOrigin.ADDED, now());
    assertThat(store.tenantForApiKey("hash-of-key")).contains("acme");
    assertThat(store.tenantForApiKey("other")).isEmpty();
    assertThat(store.apiKeyCount()).isEqualTo(1);
  }

  @Test
  void aConfiguredKeyRevokesOnlyItsOwnTenantsConfiguredAndGeneratedKeys() {
    store.addApiKey("default", "old-configured", "hk_old1", MessageStore.ApiKeyOrigin.CONFIGURED, now());
    store.addApiKey("default", "generated", "hk_gen1", MessageStore.ApiKeyOrigin.GENERATED, now());
    store.addApiKey("default", "added", "hk_add1", MessageStore.ApiKeyOrigin.ADDED, now());
    store.addApiKey("acme", "acme-configured", "hk_acm1", MessageStore.ApiKeyOrigin.CONFIGURED, now());

    assertThat(store.replaceConfiguredApiKey("default", "new", "hk_new1", now()))
        .containsExactlyInAnyOrder("hk_old1", "hk_gen1");

    assertThat(store.tenantForApiKey("new")).contains("default");
    assertThat(store.tenantForApiKey("added")).contains("default");
    assertThat(store.tenantForApiKey("acme-configured")).contains("acme");
    assertThat(store.tenantForApiKey("old-configured")).isEmpty();
    assertThat(store.tenantForApiKey("generated")).isEmpty();
  }

  @Test
  void sendJournalCountsMessagesSentMoreThanOnce() {
    SendJournal j = store.sendJournal();
    j.record(new SendJournal.Entry("P1", "m1", "t1", "sms", "+1", "n", now()));
    j.record(new SendJournal.Entry("P2", "m1", "t1", "sms", "+1", "n", now()));
    j.record(new SendJournal.Entry("P3", "m2", "t1", "sms", "+1", "n", now()));
    assertThat(j.summary("t1")).isEqualTo(new SendJournal.Summary(3, 2, 1));
    assertThat(j.list("t1", "m1", null, 10)).extracting(SendJournal.Entry::providerMessageId).containsExactly("P1", "P2");
    j.markReported("P1", now());
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
        .until(() -> j.unreported(10).stream().map(SendJournal.Entry::providerMessageId).toList().equals(List.of("P2", "P3")));
  }

  @Test
  void sendJournalListsAndCountsOneTenantsSendsOnly() {
    SendJournal j = store.sendJournal();
    j.record(new SendJournal.Entry("P1", "m1", "t1", "sms", "+1", "n", now()));
    j.record(new SendJournal.Entry("P2", "m2", "t2", "sms", "+1", "n", now()));
    j.record(new SendJournal.Entry("P3", "m2", "t2", "sms", "+1", "n", now()));
    j.record(new SendJournal.Entry("P4", "m3", "t1", "sms", "+1", "n", now()));
    assertThat(j.summary("t1")).isEqualTo(new SendJournal.Summary(2, 2, 0));
    assertThat(j.summary("t2")).isEqualTo(new SendJournal.Summary(2, 1, 1));
    assertThat(j.summary("t3")).isEqualTo(new SendJournal.Summary(0, 0, 0));
    assertThat(j.list("t1", null, null, 1)).extracting(SendJournal.Entry::providerMessageId).containsExactly("P1");
    assertThat(j.list("t1", null, "P1", 1)).extracting(SendJournal.Entry::providerMessageId).containsExactly("P4");
    assertThat(j.list("t1", "m2", null, 10)).isEmpty();
  }
}
