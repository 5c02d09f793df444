package dev.herald.core.json;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.error.ContentTooLargeException;
import dev.herald.core.error.ValidationException;
import org.junit.jupiter.api.Test;

class JsonLimitsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void objectOfExactlyTheByteLimitPassesAndOneByteMoreIsTooLarge() throws Exception {
    JsonNode fits = json("{\"k\":\"" + "v".repeat(100 - 8) + "\"}");
    JsonNode over = json("{\"k\":\"" + "v".repeat(100 - 7) + "\"}");
    JsonLimits limits = new JsonLimits(100, 4);
    assertThatCode(() -> limits.check(fits, "context")).doesNotThrowAnyException();
    assertThatThrownBy(() -> limits.check(over, "context")).isInstanceOf(ContentTooLargeException.class)
        .hasMessage("context: takes more than 100 bytes as JSON");
  }

  @Test
  void bytesAreCountedAsUtf8NotAsCharacters() throws Exception {
    JsonLimits limits = new JsonLimits(11, 4);
    assertThatCode(() -> limits.check(json("{\"k\":\"ee\"}"), "metadata")).doesNotThrowAnyException();
    assertThatThrownBy(() -> limits.check(json("{\"k\":\"\u00e9\u00e9\"}"), "metadata"))
        .isInstanceOf(ContentTooLargeException.class);
  }

  @Test
  void objectOfExactlyTheDepthLimitPassesAndOneLevelMoreIsRefusedNamingTheField() throws Exception {
    JsonLimits limits = new JsonLimits(1_000, 3);
    assertThatCode(() -> limits.check(json("{\"a\":[{\"b\":1}],\"c\":2}"), "context")).doesNotThrowAnyException();
    assertThatThrownBy(() -> limits.check(json("{\"a\":[{\"b\":{}}]}"), "context")).isInstanceOf(ValidationException.class)
        .hasMessage("context: nests deeper than 3 levels");
  }
}
