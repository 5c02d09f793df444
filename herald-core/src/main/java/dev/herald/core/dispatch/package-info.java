/**
 * The dispatcher: claims due messages in batches, sends each on a virtual thread through the
 * channel's providers in failover order, and writes outcomes in batches; plus the lease reaper.
 */
package dev.herald.core.dispatch;
