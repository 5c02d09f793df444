/**
 * The live event stream ({@code GET /v1/events/stream}): every status change, acceptance and
 * inbound message a node sees is appended to its {@link dev.herald.server.events.EventLog}, a
 * bounded ring of events numbered in order, from which each Server-Sent Events connection reads
 * its tenant's events, resuming after {@code Last-Event-ID}. Event ids are per node's log; on
 * PostgreSQL {@link dev.herald.server.events.SharedEvents} relays each node's events to the others
 * by {@code NOTIFY}, so a stream on any node shows changes made on every node.
 */
package dev.herald.server.events;
