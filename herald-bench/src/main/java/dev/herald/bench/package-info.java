/**
 * The benchmark harness behind {@code bench/run}: each scenario starts a Herald server in its own
 * JVM on a fresh database (SQLite or PostgreSQL), drives it (a preloaded queue, or open-loop HTTP
 * load), reads what happened from the database, and reports figures beside the targets.
 * The peer (db-scheduler) and the floor (the bare claim and complete SQL) run in this JVM on the
 * same database server. Never part of {@code ./mvnw verify}.
 */
package dev.herald.bench;
