package dev.herald.core.message;

import dev.herald.core.error.HeraldException;

/** An {@code Idempotency-Key} was used before with a different request body (answered 422). */
public final class IdempotencyKeyReusedException extends HeraldException {
  public IdempotencyKeyReusedException(String key) {
    super("idempotency_key_reused", "Idempotency-Key '" + key + "' was already used with a different request");
  }
}
