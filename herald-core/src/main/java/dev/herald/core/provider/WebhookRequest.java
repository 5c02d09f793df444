package dev.herald.core.provider;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A provider's HTTP request to {@code /webhooks/{provider}/{path}}, as received and before anything
 * is trusted: the raw body bytes are kept so signatures can be checked over exactly what was sent.
 *
 * @param path the part after {@code /webhooks/{provider}/}, e.g. {@code status}
 * @param publicUrl the full URL the provider called, as seen from outside (configured public base
 *     URL + path + query), which Twilio signs
 * @param headers header names lower-cased
 * @param formParams {@code application/x-www-form-urlencoded} body parameters (empty otherwise)
 */
public record WebhookRequest(
    String method,
    String path,
    String publicUrl,
    Map<String, List<String>> headers,
    Map<String, List<String>> query,
    Map<String, List<String>> formParams,
    byte[] body,
    Instant receivedAt) {

  public WebhookRequest {
    Map<String, List<String>> lower = new TreeMap<>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    headers = lower;
    query = Map.copyOf(query);
    formParams = Map.copyOf(formParams);
  }

  /** First value of a header (case-insensitive name), or {@code null}. */
  public String header(String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** First value of a query parameter, or {@code null}. */
  public String queryParam(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** First value of a form parameter, or {@code null}. */
  public String formParam(String name) {
    List<String> v = formParams.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
