package dev.herald.provider.twilio;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An {@code application/x-www-form-urlencoded} request body in the order parameters were added.
 * A name may repeat: Twilio reads repeated {@code MediaUrl} and {@code StatusCallbackEvent}
 * parameters as lists (https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource).
 */
final class FormBody {
  /** One name and value. */
  record Param(String name, String value) {}

  private final List<Param> params = new ArrayList<>();

  /** Appends {@code name=value}; a {@code null} or blank value is left out. */
  FormBody add(String name, String value) {
    if (value != null && !value.isBlank()) {
      params.add(new Param(name, value));
    }
    return this;
  }

  /** Appends {@code name} once per value, in order. */
  FormBody addAll(String name, List<String> values) {
    values.forEach(v -> add(name, v));
    return this;
  }

  List<Param> params() {
    return List.copyOf(params);
  }

  /** The encoded body, UTF-8, spaces as {@code +}. */
  String encoded() {
    return params.stream()
        .map(p -> encode(p.name()) + "=" + encode(p.value()))
        .collect(Collectors.joining("&"));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
