/**
 * The built-in simulator provider, for development, demos, tests and benchmarks: latency, failure
 * rate, magic recipients, a durable journal of sends, asynchronous delivery reports.
 */
package dev.herald.provider.simulator;
