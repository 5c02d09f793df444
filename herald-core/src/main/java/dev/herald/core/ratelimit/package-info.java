/**
 * Rate limits per provider account and sender: token buckets (Bucket4j), in memory on one node and
 * shared through PostgreSQL across nodes. A send over the limit waits without spending an attempt.
 */
package dev.herald.core.ratelimit;
