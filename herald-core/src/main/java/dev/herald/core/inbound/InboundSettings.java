package dev.herald.core.inbound;

/**
 * @param tenantId the tenant inbound traffic belongs to (providers are configured per node, so
 *     every inbound message of a node lands in one tenant)
 */
public record InboundSettings(String tenantId) {}
