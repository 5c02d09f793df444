package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Header;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** An email accepted by the API reaches a real SMTP server with subject, text and HTML intact. */
class EmailDeliveryTest {
  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP);

  @TempDir Path dir;

  private TestServer smtpServer() {
    return new TestServer(dir, Map.of("channels.email.providers", "smtp", "smtp.host", "127.0.0.1",
        "smtp.port", String.valueOf(smtp.getSmtp().getPort()), "smtp.tls", "none", "smtp.from", "Herald <noreply@herald.test>"),
        Clock.systemUTC(), List.of());
  }

  @Test
  void emailReachesTheSmtpServerWithSubjectTextAndHtmlIntact() throws Exception {
    try (TestServer server = smtpServer()) {
      TestServer.Response r = server.post("/v1/messages", "{\"channel\":\"email\",\"to\":\"ada@Example.COM\","
          + "\"subject\":\"Your receipt – №42\",\"body\":\"Thanks for your order.\",\"html\":\"<p>Thanks for your <b>order</b>.</p>\"}");
      assertThat(r.status()).isEqualTo(202);
      String id = r.json().get("id").asText();
      await().atMost(Duration.ofSeconds(10)).until(() -> server.status(id).equals("sent"));
      assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
      MimeMessage mail = smtp.getReceivedMessages()[0];
      assertThat(mail.getSubject()).isEqualTo("Your receipt – №42");
      assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ada@example.com");
      assertThat(mail.getFrom()[0].toString()).contains("noreply@herald.test");
      MimeMultipart parts = (MimeMultipart) mail.getContent();
      assertThat(parts.getCount()).isEqualTo(2);
      assertThat(GreenMailUtil.getBody(parts.getBodyPart(0))).contains("Thanks for your order.");
      assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
      assertThat(parts.getBodyPart(1).getContent().toString()).isEqualTo("<p>Thanks for your <b>order</b>.</p>");
      assertThat(server.get("/v1/messages/" + id).json().get("provider_message_id").asText()).isEqualTo("<" + id + "@herald>");
    }
  }

  @Test
  void marketingEmailArrivesWithExactlyItsOwnHeadersAndAListUnsubscribeInjectionIsRefusedUnsent() throws Exception {
    try (TestServer server = smtpServer()) {
      TestServer.Response attack = server.post("/v1/messages", "{\"channel\":\"email\",\"to\":\"ada@example.com\","
          + "\"subject\":\"Spring sale\",\"body\":\"Original body\",\"category\":\"marketing\",\"metadata\":"
          + "{\"list_unsubscribe\":\"https://shop.example.com/u\\r\\nReply-To: evil@attacker.test\\r\\n\\r\\nReplaced body\"}}");
      TestServer.Response clean = server.post("/v1/messages", "{\"channel\":\"email\",\"to\":\"ada@example.com\","
          + "\"subject\":\"Spring sale\",\"body\":\"Original body\",\"category\":\"marketing\"}");
      String id = clean.json().get("id").asText();
      await().atMost(Duration.ofSeconds(10)).until(() -> server.status(id).equals("sent"));

      assertThat(attack.status()).isEqualTo(422);
      assertThat(attack.json().get("errors").findValuesAsText("field")).containsExactly("metadata/list_unsubscribe");
      JsonNode stored = server.get("/v1/messages?limit=10").json().get("data");
      assertThat(stored).hasSize(1);
      assertThat(stored.get(0).get("id").asText()).isEqualTo(id);
      assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
      assertThat(smtp.getReceivedMessages()).hasSize(1);
      MimeMessage mail = smtp.getReceivedMessages()[0];
      assertThat(Collections.list(mail.getAllHeaders())).extracting(Header::getName).containsExactlyInAnyOrder(
          "Return-Path", "Received", "Date", "From", "To", "Message-ID", "Subject", "MIME-Version", "Content-Type",
          "Content-Transfer-Encoding", "X-Herald-Message-Id", "List-Unsubscribe", "List-Unsubscribe-Post");
      String link = clean.json().at("/metadata/list_unsubscribe").asText();
      assertThat(mail.getHeader("List-Unsubscribe")).containsExactly("<" + link + ">");
      assertThat(mail.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
      assertThat(mail.getContent()).isEqualTo("Original body");
    }
  }
}
