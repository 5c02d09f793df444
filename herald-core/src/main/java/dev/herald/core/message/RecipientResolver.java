package dev.herald.core.message;

import java.util.List;

/**
 * Completes the requests of one accept call before validation: fills {@code to} from the named
 * contact's address for the channel, applies the contact's capabilities, and chooses the
 * conversation each message joins. Resolving only reads; the writes it implies (opening or
 * extending a conversation) wait for {@link Prepared#join}, which runs once every request of the
 * call has passed validation, so a refused request changes nothing.
 */
@FunctionalInterface
public interface RecipientResolver {
  /** Requests pass unchanged: raw addresses only, no conversations. */
  RecipientResolver RAW = (tenantId, requests) -> request -> request;

  /**
   * Prepares to resolve the requests of one accept call together: a resolver backed by a store
   * looks up everything the list needs in one query up front.
   */
  Prepared prepare(String tenantId, List<MessageRequest> requests);

  /** Resolution of the requests given to {@link #prepare}, with what they need already read. */
  @FunctionalInterface
  interface Prepared {
    /**
     * The request completed; reads only.
     *
     * @throws dev.herald.core.error.ValidationException naming {@code contact_id},
     *     {@code conversation_id} or {@code to} when they name nothing usable
     * @throws dev.herald.core.error.ConflictException when the named conversation is closed
     */
    MessageRequest resolve(MessageRequest request);

    /**
     * Does the writes the resolutions imply, once all of them passed validation and right before
     * the insert: opens or extends the conversations the messages join.
     *
     * @param accepted the validated messages, in the order their requests were resolved
     * @return the same messages, each with the id of the conversation it joins
     */
    default List<Message> join(List<Message> accepted) {
      return accepted;
    }

    /**
     * Undoes what {@link #join} created when the insert then stored nothing (an idempotency
     * key's replay or conflict): a conversation it opened that no message joined is discarded.
     */
    default void undo() {}
  }
}
