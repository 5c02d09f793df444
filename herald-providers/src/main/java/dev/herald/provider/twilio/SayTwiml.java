package dev.herald.provider.twilio;

/**
 * The TwiML a voice message is spoken with: {@code <Response><Say voice=".." language="..">text</Say></Response>}
 * (https://www.twilio.com/docs/voice/twiml/say). The text and attribute values are XML-escaped, so
 * a message cannot inject its own TwiML verbs. Twilio takes at most {@value #MAX_LENGTH} characters
 * of inline TwiML (the {@code Twiml} parameter of https://www.twilio.com/docs/voice/api/call-resource#create-a-call-resource).
 *
 * @param voice the {@code voice} attribute (e.g. {@code Polly.Joanna}, {@code alice}), or {@code null} for Twilio's default
 * @param language the {@code language} attribute (e.g. {@code en-US}), or {@code null}
 */
record SayTwiml(String voice, String language) {
  static final int MAX_LENGTH = 4000;

  /** The TwiML document speaking {@code text}. */
  String render(String text) {
    StringBuilder xml = new StringBuilder("<Response><Say");
    attribute(xml, "voice", voice);
    attribute(xml, "language", language);
    return xml.append('>').append(escape(text == null ? "" : text)).append("</Say></Response>").toString();
  }

  private static void attribute(StringBuilder xml, String name, String value) {
    if (value != null && !value.isBlank()) {
      xml.append(' ').append(name).append("=\"").append(escape(value)).append('"');
    }
  }

  /** Escapes the five XML special characters; drops characters XML 1.0 forbids. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    s.codePoints().forEach(c -> {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          if (allowedInXml(c)) {
            out.appendCodePoint(c);
          }
        }
      }
    });
    return out.toString();
  }

  /** The {@code Char} production of XML 1.0 §2.2. */
  private static boolean allowedInXml(int c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
  }
}
