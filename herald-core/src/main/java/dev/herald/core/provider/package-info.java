/**
 * The provider SPI: {@link dev.herald.core.provider.ChannelProviderFactory} (found by ServiceLoader)
 * creates a {@link dev.herald.core.provider.ChannelProvider}; a send returns a
 * {@link dev.herald.core.provider.DeliveryOutcome}; asynchronous progress comes back as
 * {@link dev.herald.core.provider.StatusReport}s through a {@link dev.herald.core.provider.StatusReportSink}.
 */
package dev.herald.core.provider;
