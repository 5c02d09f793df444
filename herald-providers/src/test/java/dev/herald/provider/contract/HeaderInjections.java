package dev.herald.provider.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.message.Channel;
import dev.herald.core.message.Content;
import dev.herald.core.message.Message;
import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.DeliveryOutcome.PermanentFailure;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Header injection attempts against every field an email provider writes as a header: a stored
 * message (one accepted before accept-time checks existed, say) whose field carries CR LF, a lone
 * CR, a lone LF or NUL followed by an injected {@code Reply-To} and a replacement body.
 */
public final class HeaderInjections {
  private HeaderInjections() {}

  /** Arguments (field, control character's name, control character) for every field and character. */
  public static Stream<Arguments> cases() {
    return Stream.of("to", "from", "subject", "reply_to", "list_unsubscribe").flatMap(field -> Stream.of(
        Arguments.of(field, "CR LF", "\r\n"), Arguments.of(field, "CR", "\r"),
        Arguments.of(field, "LF", "\n"), Arguments.of(field, "NUL", "\u0000")));
  }

  /** An email with every header-bound field set to a good value except {@code field}, which carries the injection. */
  public static Message message(String field, String ctl) {
    String injection = ctl + "Reply-To: evil@attacker.test" + ctl + ctl + "Replaced body";
    BinaryOperator<String> value = (key, clean) -> key.equals(field) ? clean + injection : clean;
    return MessageFixtures.message(Channel.EMAIL, value.apply("to", "ada@example.com"),
        value.apply("from", "billing@shop.example.com"), new Content("Original body", value.apply("subject", "Sale"), null),
        Map.of("reply_to", value.apply("reply_to", "support@shop.example.com"),
            "list_unsubscribe", value.apply("list_unsubscribe", "https://herald.example.com/unsubscribe/tok123")));
  }

  /** Asserts the send was refused as {@code invalid_header}, naming {@code field}. */
  public static void assertRefusedNaming(DeliveryOutcome outcome, String field) {
    assertThat(outcome).isInstanceOfSatisfying(PermanentFailure.class, f -> {
      assertThat(f.code()).isEqualTo("invalid_header");
      assertThat(f.reason()).contains(field);
    });
  }
}
