package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An email address names one contact and one consent whatever the case it is written in: the
 * contact keeps the address as written (domain lower-cased), and every lookup compares it without
 * regard to case.
 */
class EmailAddressCaseTest {
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

  private JsonNode lookup(String address) {
    return server.get("/v1/contacts?address=" + address.replace("@", "%40")).json().get("data");
  }

  @Test
  void aContactIsFoundByItsEmailInAnyCaseAndASecondContactInAnotherCaseIsAConflict() {
    TestServer.Response created = server.post("/v1/contacts", "{\"name\":\"Grace\",\"email\":\"Grace.Hopper@Example.com\"}");
    assertThat(created.status()).isEqualTo(201);
    String contact = created.json().get("id").asText();
    assertThat(created.json().get("email").asText()).isEqualTo("Grace.Hopper@example.com");

    for (String asked : new String[] {"Grace.Hopper@example.com", "grace.hopper@example.com", "GRACE.HOPPER@EXAMPLE.COM"}) {
      JsonNode found = lookup(asked);
      assertThat(found).as(asked).hasSize(1);
      assertThat(found.get(0).get("id").asText()).isEqualTo(contact);
      assertThat(found.get(0).get("email").asText()).isEqualTo("Grace.Hopper@example.com");
    }
    assertThat(lookup("grace.hopper@example.org")).isEmpty();

    TestServer.Response twin = server.post("/v1/contacts", "{\"name\":\"Twin\",\"email\":\"GRACE.HOPPER@example.com\"}");
    assertThat(twin.status()).isEqualTo(409);
    assertThat(server.get("/v1/contacts").json().get("data")).hasSize(1);

    JsonNode sent = server.post("/v1/messages",
        "{\"channel\":\"email\",\"to\":\"GRACE.HOPPER@example.com\",\"subject\":\"Hi\",\"body\":\"hello\"}").json();
    assertThat(sent.get("contact_id").asText()).isEqualTo(contact);
  }

  @Test
  void anEmailOptOutSuppressesMailToTheSameAddressWrittenInAnotherCase() {
    String contact = server.post("/v1/contacts", "{\"email\":\"Grace.Hopper@example.com\"}").json().get("id").asText();
    assertThat(server.post("/v1/contacts/" + contact + "/consent", "{\"channel\":\"email\",\"state\":\"opted_out\"}")
        .status()).isEqualTo(201);

    String next = server.post("/v1/messages",
        "{\"channel\":\"email\",\"to\":\"grace.hopper@EXAMPLE.com\",\"subject\":\"Hi\",\"body\":\"hello\"}")
        .json().get("id").asText();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.status(next).equals("suppressed"));
    assertThat(server.get("/v1/messages/" + next).json().at("/error/reason").asText()).contains("opted out");
  }
}
