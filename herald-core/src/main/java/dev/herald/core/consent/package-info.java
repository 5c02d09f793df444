/**
 * The consent ledger: an append-only, audited record per contact address and channel of who opted
 * in or out, when, through what (SMS keyword, API, provider report, unsubscribe link) and because of
 * which message. The latest entry is the current state; the dispatcher's {@link
 * dev.herald.core.dispatch.SendGate} consults it before every send.
 */
package dev.herald.core.consent;
