package dev.herald.server.config;

import dev.herald.core.json.JsonLimits;

/**
 * How much a caller may send: {@code max_request_bytes} for a whole request body (413 beyond), and
 * {@code max_object_bytes} / {@code max_object_depth} for each JSON object Herald keeps from it
 * (conversation contexts and their merge patches, message and contact metadata).
 */
public record RequestLimits(int maxRequestBytes, JsonLimits objects) {
  /** The configuration keys, all top-level. */
  static final String REQUEST_BYTES = "max_request_bytes";
  static final String OBJECT_BYTES = "max_object_bytes";
  static final String OBJECT_DEPTH = "max_object_depth";

  /** 16 MiB bodies; objects of 64 KiB and 16 levels. */
  public static final RequestLimits DEFAULT = new RequestLimits(16 * 1024 * 1024, new JsonLimits(64 * 1024, 16));
}
