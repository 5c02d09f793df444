package dev.herald.provider.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The TwiML spoken on a voice call. */
class SayTwimlTest {
  @Test
  void textCannotInjectTwimlVerbs() {
    String twiml = new SayTwiml(null, null).render("</Say><Dial>+19005550000</Dial><Say>");

    assertThat(twiml).isEqualTo("<Response><Say>&lt;/Say&gt;&lt;Dial&gt;+19005550000&lt;/Dial&gt;&lt;Say&gt;</Say></Response>");
  }

  @Test
  void voiceAndLanguageBecomeEscapedAttributes() {
    assertThat(new SayTwiml("Polly.Joanna", "en-US").render("Hi 'you'"))
        .isEqualTo("<Response><Say voice=\"Polly.Joanna\" language=\"en-US\">Hi &apos;you&apos;</Say></Response>");
    assertThat(new SayTwiml("a\"b", null).render("x")).isEqualTo("<Response><Say voice=\"a&quot;b\">x</Say></Response>");
  }

  @Test
  void charactersXmlForbidsAreDroppedAndOthersKept() {
    assertThat(SayTwiml.escape("a\u0000b\u0007c\té 👍")).isEqualTo("abc\té 👍");
  }
}
