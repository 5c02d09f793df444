package dev.herald.server.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The ring of recent events: a reader misses nothing while its place is held, and is told when not. */
class EventLogTest {
  final EventLog log = new EventLog(4, "e1");

  void append(String tenant, int n) {
    for (int i = 0; i < n; i++) {
      log.append(tenant, "message.accepted", "m" + i, "{}", Instant.EPOCH);
    }
  }

  @Test
  void aReaderAfterAHeldEventGetsTheRestOfItsTenantsEventsOnly() {
    append("a", 2);
    append("b", 1);
    append("a", 1);
    EventLog.Read r = log.read(1, "a", 100);
    assertThat(r.gap()).isFalse();
    assertThat(r.events()).extracting(StreamEvent::seq).containsExactly(2L, 4L);
    assertThat(r.last()).isEqualTo(4);
  }

  @Test
  void aReaderWhosePlaceWasOverwrittenIsToldOfTheGapAndResumesAtTheOldestHeld() {
    append("a", 7);
    EventLog.Read r = log.read(1, "a", 100);
    assertThat(r.gap()).isTrue();
    assertThat(r.events()).extracting(StreamEvent::seq).containsExactly(4L, 5L, 6L, 7L);
  }

  @Test
  void aReaderJustBeforeTheOldestHeldEventHasNoGap() {
    append("a", 7);
    assertThat(log.read(3, "a", 100).gap()).isFalse();
  }

  @Test
  void idsOfAnotherEpochOrMalformedOrAheadOfTheLogHaveNoPlace() {
    append("a", 2);
    assertThat(log.place(log.id(2))).isEqualTo(2);
    assertThat(log.place("e2-1")).isEqualTo(-1);
    assertThat(log.place("e1-x")).isEqualTo(-1);
    assertThat(log.place("e1-3")).isEqualTo(-1);
  }
}
