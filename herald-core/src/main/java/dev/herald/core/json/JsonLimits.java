package dev.herald.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.error.ContentTooLargeException;
import dev.herald.core.error.ValidationException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * The largest JSON object Herald keeps from a caller: at most {@code maxBytes} bytes as compact
 * UTF-8 JSON and at most {@code maxDepth} levels of nesting ({@code {}} is one level,
 * {@code {"a":{}}} two).
 */
public record JsonLimits(int maxBytes, int maxDepth) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** @throws IllegalArgumentException for limits no JSON object could meet */
  public JsonLimits {
    if (maxBytes < 2 || maxDepth < 1) {
      throw new IllegalArgumentException("JSON limits need at least 2 bytes and 1 level, not " + maxBytes + " and " + maxDepth);
    }
  }

  /**
   * Checks {@code value}, the caller's {@code field}.
   *
   * @throws ValidationException naming {@code field} when it nests deeper than {@link #maxDepth}
   * @throws ContentTooLargeException naming {@code field} when it takes more than {@link #maxBytes}
   */
  public void check(JsonNode value, String field) {
    if (value == null) {
      return;
    }
    if (depth(value, maxDepth + 1) > maxDepth) {
      throw new ValidationException(field, "nests deeper than " + maxDepth + " levels");
    }
    if (exceedsBytes(value)) {
      throw new ContentTooLargeException(field, "takes more than " + maxBytes + " bytes as JSON");
    }
  }

  /** The nesting depth of {@code node}, counted no further than {@code cap} (a scalar is 0). */
  static int depth(JsonNode node, int cap) {
    if (!node.isContainerNode() || cap == 0) {
      return 0;
    }
    int deepest = 0;
    for (Iterator<JsonNode> it = node.elements(); it.hasNext() && deepest < cap - 1; ) {
      deepest = Math.max(deepest, depth(it.next(), cap - 1));
    }
    return deepest + 1;
  }

  /** Writes {@code value} as compact JSON, stopping as soon as it passes {@link #maxBytes}. */
  private boolean exceedsBytes(JsonNode value) {
    Counter counter = new Counter(maxBytes);
    try (JsonGenerator g = JSON.createGenerator(counter)) {
      JSON.writeTree(g, value);
    } catch (IOException e) {
      // The counter stops the writer past the limit, however the writer wraps that.
      if (counter.count > maxBytes) {
        return true;
      }
      throw new UncheckedIOException("a JSON value could not be measured", e);
    }
    return counter.count > maxBytes;
  }

  /** Counts bytes written and stops the writer once they pass the limit. */
  private static final class Counter extends OutputStream {
    /** Thrown through the generator to stop writing; carries no stack. */
    static final class Exceeded extends IOException {
      Exceeded() {
        super("limit exceeded", null);
      }

      @Override
      public synchronized Throwable fillInStackTrace() {
        return this;
      }
    }

    private final long limit;
    long count;

    Counter(long limit) {
      this.limit = limit;
    }

    @Override
    public void write(int b) throws IOException {
      add(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      add(len);
    }

    private void add(long n) throws Exceeded {
      count += n;
      if (count > limit) {
        throw new Exceeded();
      }
    }
  }
}
