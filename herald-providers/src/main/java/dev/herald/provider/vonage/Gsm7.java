package dev.herald.provider.vonage;

/**
 * The GSM 03.38 (3GPP TS 23.038 §6.2.1) 7-bit default alphabet and its extension table. Text made
 * only of these characters is sent as Vonage {@code type=text}; anything else needs
 * {@code type=unicode} (UCS-2), or the carrier replaces the characters it cannot encode.
 */
final class Gsm7 {
  private static final String BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  /** Reached through the escape code; each costs two septets. */
  private static final String EXTENSION = "\f^{}\\[~]|€";

  private Gsm7() {}

  /** True when every character of {@code text} is in the GSM 7-bit alphabet or its extension. */
  static boolean encodes(String text) {
    return text.codePoints().allMatch(c -> BASIC.indexOf(c) >= 0 || EXTENSION.indexOf(c) >= 0);
  }
}
