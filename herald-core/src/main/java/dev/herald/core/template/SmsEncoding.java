package dev.herald.core.template;

import dev.herald.core.template.SmsParts.Encoding;

/**
 * Decides how an SMS body is encoded and counts the segments it takes, in one pass over the body
 * with no allocation but the result.
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>A body is {@link Encoding#GSM_7} when every character is in the GSM 7-bit default alphabet
 *       or its extension table (3GPP TS 23.038 §6.2.1 and §6.2.1.1), otherwise {@link
 *       Encoding#UCS_2} (§6.2.3). A basic character takes one septet; an extension character
 *       ({@code | ^ € { } [ ] ~ \} and form feed) takes two, the escape {@code 0x1B} and its code.
 *       The mapping is the Unicode one of the standard: position {@code 0x09} is {@code Ç} (so
 *       {@code ç} needs UCS-2), Greek capitals that look Latin ({@code Α}) are not in it, and a
 *       literal U+001B is not a character of the alphabet.
 *   <li>A body of up to 160 septets (GSM-7) or 70 UTF-16 code units (UCS-2) is one segment. A
 *       longer one is concatenated, and each segment then holds 153 septets or 67 code units, the
 *       rest of its 140 octets carrying the user data header (3GPP TS 23.040 §9.2.3.24.1).
 *   <li>Segments are filled greedily in order, and a unit that would straddle two segments moves
 *       whole to the next: an escape pair is never split (a handset decoding the segment alone
 *       would see a dangling escape), nor is a UTF-16 surrogate pair (an emoji). A lone surrogate
 *       counts as one code unit.
 *   <li>An empty body is GSM-7, 0 units and 1 segment: sending it still takes one short message,
 *       and Twilio's own calculator ({@code SegmentedMessage} in github.com/TwilioDevEd/
 *       message-segment-calculator) starts from one segment too. Herald's API refuses an empty SMS
 *       body before this matters.
 * </ul>
 *
 * <p>These are the numbers behind Twilio's "What the Heck is a Segment?" (2017,
 * https://www.twilio.com/blog/what-the-heck-is-a-segment): 140 bytes a segment, 160 GSM-7 or 70
 * UCS-2 characters alone, 153 or 67 once a header is needed, and one non-GSM character (a smart
 * quote, an emoji) turning the whole body into UCS-2. Twilio's calculator keeps whole grapheme
 * clusters together in UCS-2; this class keeps code points together, so a multi-code-point emoji
 * sequence across a boundary can differ from it by one segment. Smart Encoding (replacing smart
 * quotes before sending) is not applied here.
 */
public final class SmsEncoding {

  private static final SmsParts EMPTY = new SmsParts(Encoding.GSM_7, 1, 0);

  /** The basic table in GSM code order, 0x00 to 0x7F, without the escape at 0x1B. */
  private static final String BASIC =
      "@\u00a3$\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\n\u00d8\u00f8\r\u00c5\u00e5"
          + "\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\u00c6\u00e6\u00df\u00c9"
          + " !\"#\u00a4%&'()*+,-./0123456789:;<=>?"
          + "\u00a1ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00c4\u00d6\u00d1\u00dc\u00a7"
          + "\u00bfabcdefghijklmnopqrstuvwxyz\u00e4\u00f6\u00f1\u00fc\u00e0";

  /** The extension table's characters: form feed, ^ { } \ [ ~ ] | and the euro sign. */
  private static final String EXTENSION = "\f^{}\\[~]|\u20ac";

  /** Septets per char, indexed by char: 0 for a char outside GSM-7. The euro sign is the last. */
  private static final byte[] SEPTETS = new byte['\u20ac' + 1];

  static {
    for (int i = 0; i < BASIC.length(); i++) {
      SEPTETS[BASIC.charAt(i)] = 1;
    }
    for (int i = 0; i < EXTENSION.length(); i++) {
      SEPTETS[EXTENSION.charAt(i)] = 2;
    }
  }

  private SmsEncoding() {}

  /**
   * Septets {@code c} takes in GSM-7: 1 for the basic table, 2 for the extension table, 0 when it
   * has no GSM-7 form (the body then needs UCS-2).
   */
  public static int septets(char c) {
    return c < SEPTETS.length ? SEPTETS[c] : 0;
  }

  /**
   * Encoding, segments and length of an SMS body.
   *
   * @param body the text as it will be sent (after template rendering)
   * @throws NullPointerException when {@code body} is null
   */
  public static SmsParts measure(CharSequence body) {
    int length = body.length();
    if (length == 0) {
      return EMPTY;
    }
    int capacity = Encoding.GSM_7.concatenatedSegmentUnits();
    int septets = 0;
    int segments = 1;
    int used = 0;
    for (int i = 0; i < length; i++) {
      int width = septets(body.charAt(i));
      if (width == 0) {
        return ucs2(body, i);
      }
      septets += width;
      if (used + width > capacity) {
        segments++;
        used = width;
      } else {
        used += width;
      }
    }
    boolean single = septets <= Encoding.GSM_7.singleSegmentUnits();
    return new SmsParts(Encoding.GSM_7, single ? 1 : segments, septets);
  }

  /**
   * Finishes a body as UCS-2 from {@code start}, its first non-GSM char. Every char before it is a
   * GSM char, so one code unit, and the concatenated filling up to there is plain arithmetic.
   */
  private static SmsParts ucs2(CharSequence body, int start) {
    int capacity = Encoding.UCS_2.concatenatedSegmentUnits();
    int segments = Math.max(1, (start + capacity - 1) / capacity);
    int used = start - (segments - 1) * capacity;
    int length = body.length();
    for (int i = start; i < length; i++) {
      int width =
          Character.isHighSurrogate(body.charAt(i))
                  && i + 1 < length
                  && Character.isLowSurrogate(body.charAt(i + 1))
              ? 2
              : 1;
      if (used + width > capacity) {
        segments++;
        used = width;
      } else {
        used += width;
      }
      i += width - 1;
    }
    boolean single = length <= Encoding.UCS_2.singleSegmentUnits();
    return new SmsParts(Encoding.UCS_2, single ? 1 : segments, length);
  }
}
