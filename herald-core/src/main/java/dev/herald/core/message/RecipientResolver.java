package dev.herald.core.message;

/**
 * Completes a request before validation: fills {@code to} from the named contact's address for the
 * channel and chooses the conversation the message joins. The default leaves requests as they are.
 */
@FunctionalInterface
public interface RecipientResolver {
  /** Requests pass unchanged: raw addresses only. */
  RecipientResolver RAW = (tenantId, request) -> request;

  /**
   * @throws dev.herald.core.error.ValidationException naming {@code contact_id} or
   *     {@code conversation_id} when they name nothing usable
   * @throws dev.herald.core.error.ConflictException when the named conversation is closed
   */
  MessageRequest resolve(String tenantId, MessageRequest request);

  /**
   * Prepares to resolve the requests of one accept call together: a resolver backed by a store
   * looks up everything the list needs in one query up front. The default resolves one by one.
   */
  default Prepared prepare(String tenantId, java.util.List<MessageRequest> requests) {
    return request -> resolve(tenantId, request);
  }

  /** {@link #resolve} for the requests given to {@link #prepare}, with what they need already read. */
  @FunctionalInterface
  interface Prepared {
    /** @throws dev.herald.core.error.ValidationException as {@link #resolve} does */
    MessageRequest resolve(MessageRequest request);
  }
}
