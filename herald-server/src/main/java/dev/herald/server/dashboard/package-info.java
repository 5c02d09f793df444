/**
 * The operator dashboard under {@code /dashboard}: server-rendered Pebble pages (autoescaped), htmx
 * from its WebJar for live fragments over Server-Sent Events, and a session cookie obtained by
 * signing in with an API key. The key is exchanged once and never written to a page or a URL; every
 * state-changing request carries the session's CSRF token; every page is sent with a Content
 * Security Policy that allows no inline script.
 */
package dev.herald.server.dashboard;
