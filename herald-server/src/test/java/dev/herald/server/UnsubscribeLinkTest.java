package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Marketing email carries a one-click unsubscribe link (RFC 8058); following it suppresses the next one. */
class UnsubscribeLinkTest {
  @TempDir Path dir;
  TestServer server;

  @BeforeEach
  void start() {
    server = new TestServer(dir);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private TestServer.Response marketingEmail(String category) {
    return server.post("/v1/messages", "{\"channel\":\"email\",\"to\":\"Ana@Example.COM\",\"subject\":\"News\","
        + "\"body\":\"Our news\",\"category\":\"" + category + "\"}");
  }

  @Test
  void oneClickUnsubscribeOptsOutAndSuppressesTheNextMarketingEmail() {
    String link = marketingEmail("marketing").json().at("/metadata/list_unsubscribe").asText();
    assertThat(link).startsWith("http://localhost:0/unsubscribe/");
    String path = link.substring("http://localhost:0".length());
    assertThat(server.getWithoutKey(path).text()).contains("<form method=\"post\"");
    assertThat(server.postWithoutKey(path, "List-Unsubscribe=One-Click", "Content-Type",
        "application/x-www-form-urlencoded").status()).isEqualTo(200);

    String next = marketingEmail("marketing").json().get("id").asText();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.status(next).equals("suppressed"));
    assertThat(server.get("/v1/messages/" + next).json().at("/error/reason").asText()).contains("unsubscribe_link");
    assertThat(marketingEmail("transactional").json().at("/metadata/list_unsubscribe").isMissingNode()).isTrue();
  }

  @Test
  void tamperedLinkIsRefused() {
    String link = marketingEmail("marketing").json().at("/metadata/list_unsubscribe").asText();
    String path = link.substring("http://localhost:0".length());
    String tampered = path.substring(0, path.length() - 2) + (path.endsWith("AA") ? "BB" : "AA");
    assertThat(server.postWithoutKey(tampered, "").status()).isEqualTo(404);
  }
}
