package dev.herald.server.api;

import dev.herald.core.consent.ConsentService;
import dev.herald.core.consent.UnsubscribeLinks;
import dev.herald.core.contact.ContactService;
import dev.herald.core.conversation.ConversationService;
import dev.herald.core.inbound.InboundProcessor;
import dev.herald.core.message.Addresses;
import dev.herald.core.provider.StatusReportSink;

/**
 * The services behind contacts, consent, conversations and inbound traffic, handed to the HTTP API.
 *
 * @param reports where provider status reports go (applies them and announces the changes)
 */
public record Engagement(ContactService contacts, ConversationService conversations, ConsentService consent,
    InboundProcessor inbound, UnsubscribeLinks unsubscribeLinks, Addresses addresses, StatusReportSink reports) {}
