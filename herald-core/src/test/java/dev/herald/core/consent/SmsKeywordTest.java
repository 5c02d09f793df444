package dev.herald.core.consent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SmsKeywordTest {
  @ParameterizedTest(name = "''{0}'' is {1}")
  @CsvSource({"STOP,OPT_OUT", "stop,OPT_OUT", " Stop. ,OPT_OUT", "STOPALL,OPT_OUT", "unsubscribe,OPT_OUT",
      "Cancel,OPT_OUT", "END,OPT_OUT", "quit!,OPT_OUT", "START,OPT_IN", "unstop,OPT_IN", "Yes,OPT_IN", "help,HELP",
      "HELP?,HELP"})
  void carrierKeywordsAreRecognisedWhateverTheirCase(String text, SmsKeyword expected) {
    assertThat(SmsKeyword.of(text)).contains(expected);
  }

  @ParameterizedTest(name = "''{0}'' is no keyword")
  @ValueSource(strings = {"", "please stop calling", "STOP IT", "yes please", "halt"})
  void ordinaryTextIsNoKeyword(String text) {
    assertThat(SmsKeyword.of(text)).isEmpty();
  }
}
