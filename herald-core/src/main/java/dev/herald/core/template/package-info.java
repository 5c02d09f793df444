/**
 * Rendering what a message says before it is sent. For SMS this means knowing what a body costs on
 * the wire: {@link dev.herald.core.template.SmsEncoding#measure(CharSequence)} picks the encoding a
 * body needs (GSM-7 or UCS-2) and counts its segments, the unit carriers and providers bill and
 * throttle by. Everything here is pure: no I/O, no clock, no state.
 */
package dev.herald.core.template;
