package dev.herald.provider.twilio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The spellings of one URL that Twilio may have signed. Twilio signs the URL as it holds it, which
 * can differ from the one Herald rebuilds from {@code public_base_url} without naming another
 * resource, so Twilio's helper libraries try several:
 *
 * <ul>
 *   <li>port: as given, with the scheme's default port added ({@code :443}, {@code :80}) when there
 *       is none, and with any port removed (twilio-java, twilio-python, twilio-node and twilio-go
 *       {@code RequestValidator}: "check signature of url with and without port, since sig
 *       generation on back end is inconsistent");
 *   <li>encoding: as given; percent-encoded as a URI must be, non-ASCII as UTF-8 escapes, with the
 *       apostrophe escaped too (twilio-node first normalises the URL with WHATWG {@code new URL()},
 *       which escapes {@code '} in a query); and with escapes of non-ASCII characters and of the
 *       apostrophe decoded (twilio-java rebuilds the URL with {@code java.net.URI}'s multi-argument
 *       constructor, which leaves both unescaped).
 * </ul>
 *
 * <p>Every spelling names the same resource with the same query: only escapes of the apostrophe and
 * of non-ASCII characters are decoded, never those of delimiters such as {@code %26} or {@code %3D},
 * so no spelling turns one parameter into another.
 */
final class TwilioUrlForms {
  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private TwilioUrlForms() {}

  /** {@code url} first, then its other spellings, without repeats. */
  static Set<String> of(String url) {
    Set<String> forms = new LinkedHashSet<>();
    for (String spelling : List.of(url, encoded(url), decoded(url))) {
      forms.add(spelling);
      forms.add(withDefaultPort(spelling));
      forms.add(withoutPort(spelling));
    }
    return forms;
  }

  /** Adds {@code :443} (https) or {@code :80} (http) when the URL names no port. */
  static String withDefaultPort(String url) {
    int[] authority = authority(url);
    if (authority == null || portColon(url, authority) >= 0) {
      return url;
    }
    String scheme = url.substring(0, authority[0] - 3).toLowerCase(Locale.ROOT);
    String port = switch (scheme) {
      case "https" -> ":443";
      case "http" -> ":80";
      default -> "";
    };
    return url.substring(0, authority[1]) + port + url.substring(authority[1]);
  }

  /** Drops the port, whatever it is. */
  static String withoutPort(String url) {
    int[] authority = authority(url);
    int colon = authority == null ? -1 : portColon(url, authority);
    return colon < 0 ? url : url.substring(0, colon) + url.substring(authority[1]);
  }

  /** Escapes what a URI may not hold (non-ASCII, controls, space, {@code "<>\^`{|}}) and {@code '}. */
  static String encoded(String url) {
    StringBuilder out = new StringBuilder(url.length());
    url.codePoints().forEach(cp -> {
      if (cp > 0x20 && cp < 0x7F && "\"'<>\\^`{|}".indexOf(cp) < 0) {
        out.appendCodePoint(cp);
      } else {
        for (byte b : Character.toString(cp).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(HEX.toHexDigits(b));
        }
      }
    });
    return out.toString();
  }

  /** Unescapes {@code %27} and runs of escapes that spell non-ASCII UTF-8; leaves every other escape. */
  static String decoded(String url) {
    StringBuilder out = new StringBuilder(url.length());
    int i = 0;
    while (i < url.length()) {
      int b = escapedByte(url, i);
      if (b == '\'') {
        out.append('\'');
        i += 3;
      } else if (b >= 0x80) {
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        int end = i;
        for (int next = b; next >= 0x80; next = escapedByte(url, end)) {
          run.write(next);
          end += 3;
        }
        out.append(utf8OrNull(run.toByteArray()) instanceof String s ? s : url.substring(i, end));
        i = end;
      } else {
        out.append(url.charAt(i++));
      }
    }
    return out.toString();
  }

  /** The byte {@code %XX} at {@code i} spells, or -1 when there is no escape there. */
  private static int escapedByte(String url, int i) {
    if (i + 2 >= url.length() || url.charAt(i) != '%'
        || Character.digit(url.charAt(i + 1), 16) < 0 || Character.digit(url.charAt(i + 2), 16) < 0) {
      return -1;
    }
    return HexFormat.fromHexDigits(url, i + 1, i + 3);
  }

  private static String utf8OrNull(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Start and end of the authority ({@code user@host:port}) after {@code scheme://}, or null. */
  private static int[] authority(String url) {
    int start = url.indexOf("://");
    if (start < 0) {
      return null;
    }
    start += 3;
    int end = start;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    return new int[] {start, end};
  }

  /** Index of the colon before the port within the authority, or -1 (an IPv6 literal's colons are not it). */
  private static int portColon(String url, int[] authority) {
    int colon = url.lastIndexOf(':', authority[1] - 1);
    int hostStart = url.lastIndexOf('@', authority[1] - 1) + 1;
    if (colon < Math.max(authority[0], hostStart) || url.lastIndexOf(']', authority[1] - 1) > colon) {
      return -1;
    }
    for (int i = colon + 1; i < authority[1]; i++) {
      if (url.charAt(i) < '0' || url.charAt(i) > '9') {
        return -1;
      }
    }
    return colon;
  }
}
