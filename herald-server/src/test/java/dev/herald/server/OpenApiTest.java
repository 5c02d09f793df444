package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.server.api.HttpApi;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code /openapi.json} documents exactly the routes the server serves. */
class OpenApiTest {
  @Test
  void everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws Exception {
    JsonNode spec;
    try (InputStream in = HttpApi.class.getResourceAsStream("/openapi.json")) {
      spec = new ObjectMapper().readTree(in);
    }
    Set<String> documented = new HashSet<>();
    spec.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames()
        .forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
    Set<String> served = new HashSet<>();
    HttpApi.ROUTES.forEach(r -> served.add(r.method().name() + " " + r.path()));
    assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
  }
}
