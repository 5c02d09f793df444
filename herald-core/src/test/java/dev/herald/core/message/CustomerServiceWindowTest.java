package dev.herald.core.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomerServiceWindowTest {
  private static final Instant LAST_INBOUND = Instant.parse("2026-03-01T09:00:00Z");

  @Test
  void freeFormIsAllowedWithin24HoursOfTheLastInboundMessage() {
    assertThat(CustomerServiceWindow.allowsFreeForm(LAST_INBOUND, LAST_INBOUND)).isTrue();
    assertThat(CustomerServiceWindow.allowsFreeForm(LAST_INBOUND, LAST_INBOUND.plus(Duration.ofHours(23)))).isTrue();
    assertThat(CustomerServiceWindow.allowsFreeForm(LAST_INBOUND, LAST_INBOUND.plus(Duration.ofHours(24)).minusMillis(1))).isTrue();
  }

  @Test
  void windowClosesExactly24HoursAfterTheLastInboundMessage() {
    assertThat(CustomerServiceWindow.allowsFreeForm(LAST_INBOUND, LAST_INBOUND.plus(Duration.ofHours(24)))).isFalse();
    assertThat(CustomerServiceWindow.allowsFreeForm(LAST_INBOUND, LAST_INBOUND.plus(Duration.ofDays(3)))).isFalse();
  }

  @Test
  void aContactWhoNeverWroteHasNoWindow() {
    assertThat(CustomerServiceWindow.allowsFreeForm(null, LAST_INBOUND)).isFalse();
  }

  @Test
  void templatesMaySendOutsideTheWindowButTextMayNot() {
    Message template = message(Map.of("template_name", "order_shipped"));
    Message text = message(Map.of());
    Instant later = LAST_INBOUND.plus(Duration.ofDays(2));

    assertThat(CustomerServiceWindow.isTemplate(template)).isTrue();
    assertThat(CustomerServiceWindow.isTemplate(text)).isFalse();
    assertThat(CustomerServiceWindow.allows(template, LAST_INBOUND, later)).isTrue();
    assertThat(CustomerServiceWindow.allows(template, null, later)).isTrue();
    assertThat(CustomerServiceWindow.allows(text, LAST_INBOUND, later)).isFalse();
    assertThat(CustomerServiceWindow.allows(text, LAST_INBOUND, LAST_INBOUND.plusSeconds(60))).isTrue();
  }

  @Test
  void aBlankTemplateNameIsNotATemplate() {
    assertThat(CustomerServiceWindow.isTemplate(message(Map.of("template_name", "  ")))).isFalse();
  }

  private static Message message(Map<String, String> metadata) {
    Instant created = Instant.parse("2026-01-01T00:00:00Z");
    return new Message("0190d5a0-0000-7000-8000-000000000001", "tenant-1", Channel.WHATSAPP, Direction.OUTBOUND,
        "+16505551234", null, Content.text("hello"), Category.TRANSACTIONAL, Priority.NORMAL, created, null, metadata, null,
        null, null, MessageStatus.QUEUED, 0, 4, created, null, null, null, null, null, null, created, created, List.of());
  }
}
