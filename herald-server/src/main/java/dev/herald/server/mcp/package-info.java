/**
 * Herald's messaging operations as Model Context Protocol tools for AI agents, served at
 * {@code /mcp} with the official MCP Java SDK (stateless streamable HTTP transport). Calls carry
 * the same {@code Authorization: Bearer <api key>} as the REST API and act for its tenant.
 */
package dev.herald.server.mcp;
