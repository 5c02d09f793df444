package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Free-form WhatsApp text is refused outside the 24-hour window; templates always go. */
class WhatsAppWindowTest {
  static final String PHONE = "+14155550124";
  @TempDir Path dir;

  @Test
  void freeFormTextNeedsAnInboundMessageWithinTwentyFourHours() {
    try (FakeProviders providers = new FakeProviders();
        TestServer server = new TestServer(dir, providers.settings(), Clock.systemUTC(), List.of())) {
      String freeForm = "{\"channel\":\"whatsapp\",\"to\":\"" + PHONE + "\",\"body\":\"Your parcel is on its way\"}";
      TestServer.Response refused = server.post("/v1/messages", freeForm);
      assertThat(refused.status()).isEqualTo(422);
      assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("body");
      assertThat(refused.json().get("errors").get(0).get("detail").asText()).contains("template");

      TestServer.Response template = server.post("/v1/messages", "{\"channel\":\"whatsapp\",\"to\":\"" + PHONE
          + "\",\"body\":\"order update\",\"metadata\":{\"template_name\":\"order_update\",\"template_params\":\"[\\\"1001\\\"]\"}}");
      assertThat(template.status()).isEqualTo(202);

      assertThat(FakeProviders.whatsappInbound(server, PHONE, "Where is my parcel?").status()).isEqualTo(200);
      TestServer.Response allowed = server.post("/v1/messages", freeForm);
      assertThat(allowed.status()).isEqualTo(202);
      String id = allowed.json().get("id").asText();
      await().atMost(Duration.ofSeconds(10)).until(() -> server.status(id).equals("sent"));
    }
  }
}
