package dev.herald.core.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.herald.core.template.SmsParts.Encoding;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmsEncodingTest {

  /** 3GPP TS 23.038 §6.2.1, one row per 16 codes from 0x00; 0x1B is the escape, no character. */
  private static final String[] BASIC_ROWS = {
    "@£$¥èéùìòÇ\nØø\rÅå",
    "Δ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ",
    " !\"#¤%&'()*+,-./",
    "0123456789:;<=>?",
    "¡ABCDEFGHIJKLMNO",
    "PQRSTUVWXYZÄÖÑÜ§",
    "¿abcdefghijklmno",
    "pqrstuvwxyzäöñüà",
  };

  /** 3GPP TS 23.038 §6.2.1.1, the characters reached through the escape. */
  private static final String EXTENSION_CHARS = "|^€{}[]~\\\f";

  private static final Map<Character, Integer> GSM_SEPTETS = gsmTable();
  private static final String CYRILLIC = "ж";
  private static final String EMOJI = "😜";

  @Test
  void emptyBodyIsOneGsmSegmentOfNoUnits() {
    assertThat(SmsEncoding.measure("")).isEqualTo(new SmsParts(Encoding.GSM_7, 1, 0));
  }

  @Test
  void nullBodyIsABug() {
    assertThatNullPointerException().isThrownBy(() -> SmsEncoding.measure(null));
  }

  @ParameterizedTest(name = "{0} GSM-7 characters take {1} segment(s)")
  @CsvSource({"1,1", "160,1", "161,2", "306,2", "307,3", "459,3", "460,4", "1530,10"})
  void gsmBodySegmentsAt160ThenAt153(int length, int segments) {
    assertThat(SmsEncoding.measure(digits(length)))
        .isEqualTo(new SmsParts(Encoding.GSM_7, segments, length));
  }

  @ParameterizedTest(name = "{0} UCS-2 characters take {1} segment(s)")
  @CsvSource({"1,1", "70,1", "71,2", "134,2", "135,3", "670,10"})
  void ucs2BodySegmentsAt70ThenAt67(int length, int segments) {
    assertThat(SmsEncoding.measure(CYRILLIC.repeat(length)))
        .isEqualTo(new SmsParts(Encoding.UCS_2, segments, length));
  }

  @Test
  void extensionCharactersTakeTwoSeptetsAndStayGsm() {
    assertThat(SmsEncoding.measure("€")).isEqualTo(new SmsParts(Encoding.GSM_7, 1, 2));
    assertThat(SmsEncoding.measure("[a]{b}~\\|^\f"))
        .isEqualTo(new SmsParts(Encoding.GSM_7, 1, 20));
  }

  @Test
  void extensionCharacterCanPushAnOtherwiseSingleSegmentBodyIntoTwo() {
    // Twilio's calculator tests: '{' and 158 more characters fit; one more does not.
    assertThat(SmsEncoding.measure("{" + digits(158)).segments()).isEqualTo(1);
    assertThat(SmsEncoding.measure("{" + digits(159)))
        .isEqualTo(new SmsParts(Encoding.GSM_7, 2, 161));
  }

  @Test
  void escapePairThatWouldStraddleASegmentBoundaryMovesWholeToTheNextSegment() {
    // 152 septets leave one free in segment 1, too few for the euro's escape pair.
    assertThat(SmsEncoding.measure(digits(152) + "€" + digits(10)))
        .isEqualTo(new SmsParts(Encoding.GSM_7, 2, 164));
    // 306 septets would fill two segments exactly, but the moved pair spills one septet over.
    assertThat(SmsEncoding.measure(digits(152) + "€" + digits(152)))
        .isEqualTo(new SmsParts(Encoding.GSM_7, 3, 306));
    assertThat(SmsEncoding.measure(digits(153) + "€" + digits(151)))
        .isEqualTo(new SmsParts(Encoding.GSM_7, 2, 306));
  }

  @Test
  void emojiCountsTwoCodeUnits() {
    // Twilio's calculator tests: an emoji and 68 more characters fit one segment; 69 do not.
    assertThat(SmsEncoding.measure(EMOJI + digits(68)))
        .isEqualTo(new SmsParts(Encoding.UCS_2, 1, 70));
    assertThat(SmsEncoding.measure(EMOJI + digits(69)))
        .isEqualTo(new SmsParts(Encoding.UCS_2, 2, 71));
  }

  @Test
  void surrogatePairThatWouldStraddleASegmentBoundaryMovesWholeToTheNextSegment() {
    assertThat(SmsEncoding.measure(CYRILLIC.repeat(66) + EMOJI + CYRILLIC.repeat(66)))
        .isEqualTo(new SmsParts(Encoding.UCS_2, 3, 134));
    assertThat(SmsEncoding.measure(CYRILLIC.repeat(67) + EMOJI + CYRILLIC.repeat(65)))
        .isEqualTo(new SmsParts(Encoding.UCS_2, 2, 134));
  }

  @Test
  void loneSurrogateCountsOneCodeUnit() {
    assertThat(SmsEncoding.measure("\ud83d" + digits(69)))
        .isEqualTo(new SmsParts(Encoding.UCS_2, 1, 70));
    assertThat(SmsEncoding.measure(digits(66) + "\ude1c" + "\ud83d" + digits(66)))
        .isEqualTo(new SmsParts(Encoding.UCS_2, 2, 134));
  }

  @Test
  void oneNonGsmCharacterMakesTheWholeBodyUcs2() {
    assertThat(SmsEncoding.measure("It’s here")).isEqualTo(new SmsParts(Encoding.UCS_2, 1, 9));
    assertThat(SmsEncoding.measure("Total: 5\u00a0€"))
        .isEqualTo(new SmsParts(Encoding.UCS_2, 1, 10));
    // In UCS-2 an extension character is one code unit like any other.
    assertThat(SmsEncoding.measure(digits(100) + "{€}" + CYRILLIC))
        .isEqualTo(new SmsParts(Encoding.UCS_2, 2, 104));
  }

  @Test
  void gsmTextBeforeTheFirstNonGsmCharacterFillsUcs2SegmentsOneUnitEach() {
    // Twilio's calculator tests: 135 units in 67 + 67 + 1.
    assertThat(SmsEncoding.measure(EMOJI + digits(133)))
        .isEqualTo(new SmsParts(Encoding.UCS_2, 3, 135));
    assertThat(SmsEncoding.measure(digits(66) + CYRILLIC + EMOJI + digits(65)))
        .isEqualTo(new SmsParts(Encoding.UCS_2, 2, 134));
    assertThat(SmsEncoding.measure(digits(133) + EMOJI))
        .isEqualTo(new SmsParts(Encoding.UCS_2, 3, 135));
  }

  @Test
  void gsmAlphabetIsExactlyTheBasicAndExtensionTablesOf23038() {
    for (int c = Character.MIN_VALUE; c <= Character.MAX_VALUE; c++) {
      assertThat(SmsEncoding.septets((char) c))
          .as("septets of U+%04X", c)
          .isEqualTo(GSM_SEPTETS.getOrDefault((char) c, 0));
    }
    assertThat(GSM_SEPTETS.values()).filteredOn(s -> s == 1).hasSize(127);
    assertThat(GSM_SEPTETS.values()).filteredOn(s -> s == 2).hasSize(10);
    // backtick, c cedilla, Greek capital alpha, a literal escape, no-break space, tab, smart quote
    for (char c : "`ç\u0391\u001b\u00a0\t’".toCharArray()) {
      assertThat(SmsEncoding.septets(c)).as("septets of U+%04X", (int) c).isZero();
    }
  }

  @Test
  void fastCalculatorAgreesWithPlainGreedyFillingOnRandomBodies() {
    long seed = Long.getLong("sms.seed", 20_260_523L);
    System.out.println("SmsEncodingTest random bodies seed=" + seed + " (rerun with -Dsms.seed=)");
    Random random = new Random(seed);
    List<Character> basic = charsWithSeptets(1);
    List<Character> extension = charsWithSeptets(2);
    for (int n = 0; n < 20_000; n++) {
      String body = randomBody(random, basic, extension);
      assertThat(SmsEncoding.measure(body))
          .as(() -> "seed " + seed + ", body " + body.codePoints().boxed().toList())
          .isEqualTo(reference(body));
    }
  }

  /**
   * The rules written as plainly as possible: pick the encoding, list each character's width, and
   * fill segments one character at a time, opening a new segment when the next one does not fit.
   */
  private static SmsParts reference(String body) {
    boolean gsm = body.chars().allMatch(c -> GSM_SEPTETS.containsKey((char) c));
    List<Integer> widths = new ArrayList<>();
    if (gsm) {
      body.chars().forEach(c -> widths.add(GSM_SEPTETS.get((char) c)));
    } else {
      body.codePoints().forEach(cp -> widths.add(Character.charCount(cp)));
    }
    int total = widths.stream().mapToInt(Integer::intValue).sum();
    int single = gsm ? 160 : 70;
    int capacity = total <= single ? single : (gsm ? 153 : 67);
    List<Integer> segmentFill = new ArrayList<>(List.of(0));
    for (int width : widths) {
      int last = segmentFill.size() - 1;
      if (segmentFill.get(last) + width <= capacity) {
        segmentFill.set(last, segmentFill.get(last) + width);
      } else {
        segmentFill.add(width);
      }
    }
    return new SmsParts(gsm ? Encoding.GSM_7 : Encoding.UCS_2, segmentFill.size(), total);
  }

  /**
   * Half the bodies are all GSM (so the GSM-7 filling gets exercised), the rest mix in BMP
   * characters outside GSM (lone surrogates included) and astral ones at a random rate. Lengths
   * cluster around the first few segment boundaries of both encodings.
   */
  private static String randomBody(Random random, List<Character> basic, List<Character> ext) {
    int length = random.nextInt(8) == 0 ? random.nextInt(12) : 50 + random.nextInt(420);
    boolean gsmOnly = random.nextBoolean();
    int extensionRate = 1 + random.nextInt(40);
    int foreignRate = 1 + random.nextInt(200);
    StringBuilder body = new StringBuilder(length + 1);
    while (body.length() < length) {
      if (!gsmOnly && random.nextInt(foreignRate) == 0) {
        if (random.nextBoolean()) {
          body.appendCodePoint(0x10000 + random.nextInt(0x100000));
        } else {
          body.append(nonGsmBmpChar(random));
        }
      } else if (random.nextInt(extensionRate) == 0) {
        body.append(ext.get(random.nextInt(ext.size())));
      } else {
        body.append(basic.get(random.nextInt(basic.size())));
      }
    }
    return body.toString();
  }

  private static char nonGsmBmpChar(Random random) {
    while (true) {
      char c = (char) random.nextInt(0x10000);
      if (!GSM_SEPTETS.containsKey(c)) {
        return c;
      }
    }
  }

  private static List<Character> charsWithSeptets(int septets) {
    return GSM_SEPTETS.entrySet().stream()
        .filter(e -> e.getValue() == septets)
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  private static Map<Character, Integer> gsmTable() {
    Map<Character, Integer> table = new HashMap<>();
    for (int row = 0; row < BASIC_ROWS.length; row++) {
      assertThat(BASIC_ROWS[row]).hasSize(16);
      for (int col = 0; col < 16; col++) {
        if (row * 16 + col != 0x1B) {
          table.put(BASIC_ROWS[row].charAt(col), 1);
        }
      }
    }
    for (char c : EXTENSION_CHARS.toCharArray()) {
      table.put(c, 2);
    }
    return Map.copyOf(table);
  }

  /** {@code length} GSM basic characters: 1234567890 repeated, as in Twilio's calculator tests. */
  private static String digits(int length) {
    return "1234567890".repeat(length / 10 + 1).substring(0, length);
  }
}
