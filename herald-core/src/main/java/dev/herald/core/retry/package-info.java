/** Retry budgets and backoff: fixed lists or exponential with jitter; Retry-After wins when longer. */
package dev.herald.core.retry;
