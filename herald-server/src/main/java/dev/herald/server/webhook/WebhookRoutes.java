package dev.herald.server.webhook;

import dev.herald.core.dispatch.ProviderRoutes;
import dev.herald.core.error.NotFoundException;
import dev.herald.core.error.UnavailableException;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.InboundMessage;
import dev.herald.core.provider.StatusReport;
import dev.herald.core.provider.StatusReportSink;
import dev.herald.core.provider.WebhookReceiver;
import dev.herald.core.provider.WebhookRequest;
import dev.herald.core.provider.WebhookResult;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Mounts each provider's {@link WebhookReceiver} at {@code /webhooks/{provider}/…}. The receiver
 * verifies the signature over the raw request first; only a verified request's reports are applied
 * (through the state machine, via the status-report sink); when one cannot be applied the request is
 * answered with the error (503 while the database is unavailable). Inbound messages go to the inbound
 * processor (stored once, linked to contact and conversation); when that fails the provider gets a
 * 500 problem document, so a provider that retries delivers the message again. Every error is a
 * problem document, as on the API.
 */
public final class WebhookRoutes {
  private final ProviderRoutes routes;
  private final StatusReportSink sink;
  private final Consumer<InboundMessage> inbound;
  private final String publicBaseUrl;
  private final Clock clock;

  public WebhookRoutes(ProviderRoutes routes, StatusReportSink sink, Consumer<InboundMessage> inbound,
      String publicBaseUrl, Clock clock) {
    this.routes = routes;
    this.sink = sink;
    this.inbound = inbound;
    this.publicBaseUrl = publicBaseUrl;
    this.clock = clock;
  }

  /** Handles one webhook request. */
  public void handle(Context ctx) {
    String providerId = ctx.pathParam("provider");
    ChannelProvider provider = routes.providers().get(providerId);
    WebhookReceiver receiver = provider == null ? null : provider.webhookReceiver();
    if (receiver == null) {
      throw new NotFoundException("no webhook receiver for provider '" + providerId + "'");
    }
    String path = ctx.path().substring(("/webhooks/" + providerId).length());
    path = path.startsWith("/") ? path.substring(1) : path;
    String query = ctx.queryString();
    String publicUrl = publicBaseUrl + ctx.path() + (query == null ? "" : "?" + query);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    ctx.headerMap().forEach((k, v) -> headers.put(k, List.of(v)));
    boolean form = ctx.contentType() != null && ctx.contentType().startsWith("application/x-www-form-urlencoded");
    WebhookResult result = receiver.receive(new WebhookRequest(ctx.method().name(), path, publicUrl, headers,
        ctx.queryParamMap(), form ? ctx.formParamMap() : Map.of(), ctx.bodyAsBytes(), clock.instant()));
    // Every report is tried (a sink that holds what it cannot apply now holds each); any failure
    // answers the request with an error, so that the provider sends it again.
    RuntimeException failed = null;
    for (StatusReport r : result.reports()) {
      try {
        sink.report(r);
      } catch (RuntimeException e) {
        failed = failed == null ? e : failed; // the first tells the provider; each one failed alike
      }
    }
    if (failed != null) {
      throw failed;
    }
    for (InboundMessage in : result.inbound()) {
      try {
        inbound.accept(in);
      } catch (UnavailableException e) {
        throw e; // 503 with Retry-After: the provider sends it again
      } catch (RuntimeException e) {
        // A 500 problem (the API's handler logs it): the provider sends the message again.
        throw new IllegalStateException("inbound " + in.channel().wireName() + " message " + in.providerMessageId()
            + " could not be processed", e);
      }
    }
    if (result.status() >= 400) {
      // A refusal (unsigned, forged, stale) is a problem document like every other error.
      throw new HttpResponseException(result.status(), result.body() == null || result.body().isBlank()
          ? "the " + providerId + " webhook was refused" : result.body());
    }
    ctx.status(result.status()).contentType(result.contentType() == null ? "text/plain" : result.contentType())
        .result(result.body() == null ? "" : result.body());
  }
}
