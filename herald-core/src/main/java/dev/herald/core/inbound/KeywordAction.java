package dev.herald.core.inbound;

import dev.herald.core.consent.ConsentService;
import dev.herald.core.consent.ConsentSource;
import dev.herald.core.consent.ConsentState;
import dev.herald.core.consent.SmsKeyword;
import dev.herald.core.error.HeraldException;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageRequest;
import dev.herald.core.message.MessageService;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an SMS keyword does: STOP and its synonyms opt the sender out of SMS, START and its synonyms
 * opt them back in, each recorded in the ledger with the inbound message that caused it; every
 * keyword, HELP included, is answered with the tenant's configured text. The answer carries the
 * keyword it answers ({@link MessageRequest#KEYWORD_REPLY}), which lets the STOP confirmation and
 * HELP's answer through to an opted-out number, as carriers require (CTIA Messaging Principles).
 *
 * <p>The answer is queued as an ordinary outbound message rather than returned in the webhook's
 * TwiML: queued, it is durable, retried on failure, recorded with its status and billed like any
 * message, and the same path serves every provider (TwiML works for Twilio only).
 */
final class KeywordAction {
  private static final Logger LOG = LoggerFactory.getLogger(KeywordAction.class);

  private final ConsentService consent;
  private final MessageService messages;

  KeywordAction(ConsentService consent, MessageService messages) {
    this.consent = consent;
    this.messages = messages;
  }

  void apply(Message inbound, SmsKeyword keyword) {
    String word = SmsKeyword.normalise(inbound.content().text());
    switch (keyword) {
      case OPT_OUT -> record(inbound, ConsentState.OPTED_OUT, word);
      case OPT_IN -> record(inbound, ConsentState.OPTED_IN, word);
      case HELP -> { }
    }
    String text = consent.settings().repliesFor(inbound.tenantId()).replyTo(keyword);
    MessageRequest reply = new MessageRequest(inbound.channel().wireName(), inbound.from(), inbound.to(), text, null,
        null, "transactional", "high", null, null, Map.of(MessageRequest.KEYWORD_REPLY_TO, inbound.id(),
            MessageRequest.KEYWORD_REPLY, keyword.name().toLowerCase(Locale.ROOT)),
        inbound.contactId(), inbound.conversationId(), null);
    try {
      messages.acceptFromHerald(inbound.tenantId(), reply);
    } catch (HeraldException e) {
      LOG.warn("could not queue the {} reply to {}: {}", word, inbound.from(), e.getMessage());
    }
  }

  private void record(Message inbound, ConsentState state, String word) {
    consent.record(inbound.tenantId(), inbound.contactId(), inbound.channel(), inbound.from(), state,
        ConsentSource.KEYWORD, inbound.id(), word);
  }
}
