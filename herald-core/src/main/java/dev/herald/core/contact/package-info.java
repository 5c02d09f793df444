/**
 * Contacts: the people Herald talks to, with their addresses per channel (E.164 phone, email,
 * WhatsApp id), capabilities, time zone, preferred channel, locale and last active channel. A
 * message may name a contact instead of an address; inbound traffic from an unknown address
 * creates one.
 */
package dev.herald.core.contact;
