package dev.herald.core.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The status state machine: forward only, terminal statuses final, reports never move back. */
class StatusTransitionsTest {
  @Test
  void lateSentReportNeverMovesADeliveredMessageBack() {
    assertThat(StatusTransitions.reportMayMove(MessageStatus.DELIVERED, MessageStatus.SENT)).isFalse();
    assertThat(StatusTransitions.reportMayMove(MessageStatus.DELIVERED, MessageStatus.UNDELIVERED)).isFalse();
    assertThat(StatusTransitions.reportMayMove(MessageStatus.DELIVERED, MessageStatus.READ)).isTrue();
    assertThat(StatusTransitions.reportMayMove(MessageStatus.SENT, MessageStatus.UNDELIVERED)).isTrue();
    assertThat(StatusTransitions.reportMayMove(MessageStatus.SENDING, MessageStatus.DELIVERED)).isTrue();
  }

  @Test
  void aReportOfASendMovesAWaitingMessageButAFailureReportDoesNot() {
    // The send's record was cut off by a crash, or a retry waits after a timeout the provider accepted.
    assertThat(StatusTransitions.reportMayMove(MessageStatus.QUEUED, MessageStatus.DELIVERED)).isTrue();
    assertThat(StatusTransitions.reportMayMove(MessageStatus.SCHEDULED, MessageStatus.SENT)).isTrue();
    assertThat(StatusTransitions.reportMayMove(MessageStatus.QUEUED, MessageStatus.UNDELIVERED)).isFalse();
    assertThat(StatusTransitions.reportMayMove(MessageStatus.QUEUED, MessageStatus.FAILED)).isFalse();
  }

  @Test
  void terminalStatusesAcceptNoReportAndNoEngineMove() {
    for (MessageStatus from : MessageStatus.values()) {
      if (!from.isTerminal()) {
        continue;
      }
      for (MessageStatus to : MessageStatus.values()) {
        assertThat(StatusTransitions.reportMayMove(from, to)).as("%s -> %s", from, to).isFalse();
        assertThat(StatusTransitions.engineMayMove(from, to)).as("%s -> %s", from, to).isFalse();
      }
    }
  }

  @Test
  void onlyFailedAndDeadLetteredMessagesCanBeRetriedAndOnlyWaitingOnesCanceled() {
    for (MessageStatus s : MessageStatus.values()) {
      assertThat(StatusTransitions.operatorMayRetry(s)).isEqualTo(s == MessageStatus.FAILED || s == MessageStatus.DEAD_LETTERED);
      assertThat(StatusTransitions.mayCancel(s)).isEqualTo(s == MessageStatus.QUEUED || s == MessageStatus.SCHEDULED);
    }
  }

  @Test
  void shuffledReportsEndAtTheSameStatusWhateverTheirOrder() {
    long seed = Long.getLong("transitions.seed", System.nanoTime());
    System.out.println("shuffledReportsEndAtTheSameStatusWhateverTheirOrder seed=" + seed);
    Random random = new Random(seed);
    List<MessageStatus> reports = new ArrayList<>(List.of(MessageStatus.SENT, MessageStatus.DELIVERED,
        MessageStatus.READ, MessageStatus.SENT, MessageStatus.DELIVERED));
    for (int round = 0; round < 1_000; round++) {
      Collections.shuffle(reports, random);
      MessageStatus status = MessageStatus.SENDING;
      for (MessageStatus r : reports) {
        if (StatusTransitions.reportMayMove(status, r)) {
          assertThat(r.rank()).as("seed %d: forward only", seed).isGreaterThan(status.rank());
          status = r;
        }
      }
      assertThat(status).as("seed %d order %s", seed, reports).isEqualTo(MessageStatus.READ);
    }
  }
}
