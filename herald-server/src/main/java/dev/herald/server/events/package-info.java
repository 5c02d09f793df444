/**
 * The live event stream ({@code GET /v1/events/stream}): every status change, acceptance and
 * inbound message a node sees is appended to its {@link dev.herald.server.events.EventLog}, a
 * bounded ring of events numbered in order, from which each Server-Sent Events connection reads
 * its tenant's events, resuming after {@code Last-Event-ID}. The log is per node: a change made on
 * another node reaches only that node's streams.
 */
package dev.herald.server.events;
