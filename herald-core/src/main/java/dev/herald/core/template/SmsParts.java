package dev.herald.core.template;

/**
 * How an SMS body travels: the encoding it needs, how many segments (separate short messages,
 * reassembled by the handset) it takes, and its length in that encoding's units.
 *
 * @param encoding {@link Encoding#GSM_7} when every character is in the GSM 7-bit default alphabet
 *     or its extension table, otherwise {@link Encoding#UCS_2}
 * @param segments segments sent and billed; at least 1 (an empty body still takes one segment)
 * @param units septets for GSM-7 (an extension-table character counts 2), UTF-16 code units for
 *     UCS-2 (a character outside the Basic Multilingual Plane counts 2)
 */
public record SmsParts(Encoding encoding, int segments, int units) {

  /** Compact constructor: rejects impossible shapes, which would be bugs in the calculator. */
  public SmsParts {
    if (encoding == null || segments < 1 || units < 0) {
      throw new IllegalArgumentException(
          "encoding=" + encoding + " segments=" + segments + " units=" + units);
    }
  }

  /**
   * The two SMS data codings Herald sends text in (3GPP TS 23.038 §4, §6.2.1 and §6.2.3), with the
   * room one segment has for text. A single segment carries 140 octets of user data; a
   * concatenated one loses 6 octets to the user data header with the 8-bit concatenation reference
   * (3GPP TS 23.040 §9.2.3.24 and §9.2.3.24.1).
   */
  public enum Encoding {
    /** GSM 7-bit default alphabet: 140 octets hold 160 septets, 153 after the header. */
    GSM_7(160, 153),
    /** UCS-2 (sent as UTF-16 by Twilio and others): 70 code units, 67 after the header. */
    UCS_2(70, 67);

    private final int singleSegmentUnits;
    private final int concatenatedSegmentUnits;

    Encoding(int singleSegmentUnits, int concatenatedSegmentUnits) {
      this.singleSegmentUnits = singleSegmentUnits;
      this.concatenatedSegmentUnits = concatenatedSegmentUnits;
    }

    /** The name carriers and the API use: {@code GSM-7} or {@code UCS-2}. */
    public String wireName() {
      return this == GSM_7 ? "GSM-7" : "UCS-2";
    }

    /** Most units a body may have and still go as one segment (160 or 70). */
    public int singleSegmentUnits() {
      return singleSegmentUnits;
    }

    /** Units each segment of a concatenated message holds (153 or 67). */
    public int concatenatedSegmentUnits() {
      return concatenatedSegmentUnits;
    }
  }
}
