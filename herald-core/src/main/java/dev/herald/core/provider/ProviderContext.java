package dev.herald.core.provider;

import java.time.Clock;

/**
 * What the engine gives a provider when it is created.
 *
 * @param config this provider's configuration keys (without the provider-id prefix)
 * @param clock the engine's clock
 * @param statusReports where asynchronous delivery reports go (the status-callback path)
 * @param sendJournal a durable journal, for providers that keep their own record of sends
 * @param publicBaseUrl Herald's externally visible base URL (for provider callback URLs), no trailing slash
 */
public record ProviderContext(
    ProviderConfig config,
    Clock clock,
    StatusReportSink statusReports,
    SendJournal sendJournal,
    String publicBaseUrl) {}
