package dev.herald.provider.smtp;

import static dev.herald.provider.smtp.EmailMessages.email;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.herald.core.error.ConfigurationException;
import dev.herald.core.message.Content;
import dev.herald.core.provider.ChannelProvider;
import dev.herald.core.provider.ChannelProviderFactory;
import dev.herald.core.provider.DeliveryOutcome;
import dev.herald.core.provider.DeliveryOutcome.Accepted;
import dev.herald.core.provider.DeliveryOutcome.PermanentFailure;
import dev.herald.core.provider.DeliveryOutcome.TransientFailure;
import dev.herald.core.provider.ProviderConfig;
import dev.herald.core.provider.ProviderContext;
import dev.herald.provider.contract.HeaderInjections;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SmtpProviderTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:16:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("herald@example.com", "herald", "s3cret"));

  private static ChannelProvider provider(Map<String, String> overrides) {
    Map<String, String> config = new HashMap<>(Map.of(
        "host", "127.0.0.1",
        "port", String.valueOf(greenMail.getSmtp().getPort()),
        "tls", "none",
        "from", "Herald <noreply@example.com>",
        "timeout", "2s"));
    config.putAll(overrides);
    return new SmtpFactory().create(
        new ProviderContext(new ProviderConfig("smtp", config), CLOCK, r -> null, null, "https://herald.example.com"));
  }

  private static ChannelProvider provider() {
    return provider(Map.of());
  }

  @Test
  void emailWithSubjectTextAndHtmlArrivesIntactAsMultipartAlternative() throws Exception {
    var message = email("0195f3a2-7c1d-7e4b-9a60-3f1c2d4e5f60", "ada@example.org", "Shop <shop@example.com>",
        new Content("Hello Ada, your order shipped.", "Grüße: order #42 ✓", "<p>Hello <b>Ada</b>, your order shipped.</p>"),
        Map.of("reply_to", "support@example.com"));

    DeliveryOutcome outcome = provider().send(message);

    assertThat(outcome).isEqualTo(new Accepted("<0195f3a2-7c1d-7e4b-9a60-3f1c2d4e5f60@herald>", null, null, 0));
    MimeMessage received = greenMail.getReceivedMessages()[0];
    assertThat(received.getSubject()).isEqualTo("Grüße: order #42 ✓");
    assertThat(received.getFrom()).containsExactly(new InternetAddress("Shop <shop@example.com>"));
    assertThat(received.getReplyTo()).containsExactly(new InternetAddress("support@example.com"));
    assertThat(received.getAllRecipients()).containsExactly(new InternetAddress("ada@example.org"));
    assertThat(received.getMessageID()).isEqualTo("<0195f3a2-7c1d-7e4b-9a60-3f1c2d4e5f60@herald>");
    assertThat(received.getHeader("X-Herald-Message-Id")).containsExactly("0195f3a2-7c1d-7e4b-9a60-3f1c2d4e5f60");
    assertThat(received.getSentDate().toInstant()).isEqualTo(NOW);
    assertThat(received.getContentType()).startsWith("multipart/alternative");
    MimeMultipart parts = (MimeMultipart) received.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
    assertThat(parts.getBodyPart(0).getContent()).isEqualTo("Hello Ada, your order shipped.");
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html").containsIgnoringCase("charset=UTF-8");
    assertThat(parts.getBodyPart(1).getContent()).isEqualTo("<p>Hello <b>Ada</b>, your order shipped.</p>");
  }

  @Test
  void textOnlyEmailArrivesAsOnePlainPartFromTheConfiguredSender() throws Exception {
    var message = email("msg-text-only", "bob@example.org", null, new Content("Just text, ça va?", "Plain", null), Map.of());

    DeliveryOutcome outcome = provider().send(message);

    assertThat(outcome).isInstanceOf(Accepted.class);
    MimeMessage received = greenMail.getReceivedMessages()[0];
    assertThat(received.getFrom()).containsExactly(new InternetAddress("Herald <noreply@example.com>"));
    assertThat(received.getHeader("Reply-To")).isNull();
    assertThat(received.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
    assertThat(received.getContent()).isEqualTo("Just text, ça va?");
  }

  @Test
  void htmlOnlyEmailArrivesAsOneHtmlPart() throws Exception {
    var message = email("msg-html-only", "bob@example.org", null, new Content(null, "Html", "<h1>Hi</h1>"), Map.of());

    assertThat(provider().send(message)).isInstanceOf(Accepted.class);

    MimeMessage received = greenMail.getReceivedMessages()[0];
    assertThat(received.getContentType()).startsWith("text/html");
    assertThat(received.getContent()).isEqualTo("<h1>Hi</h1>");
  }

  @ParameterizedTest(name = "{0} with {1}")
  @MethodSource("dev.herald.provider.contract.HeaderInjections#cases")
  void headerValueWithCrLfOrNulIsPermanentFailureAndNothingReachesTheServer(String field, String name, String ctl) {
    DeliveryOutcome outcome = provider().send(HeaderInjections.message(field, ctl));

    HeaderInjections.assertRefusedNaming(outcome, field);
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void mailtoListUnsubscribeIsWrittenWithoutTheOneClickPostHeader() throws Exception {
    var message = email("msg-mailto", "ada@example.org", null, new Content("News", "News", null),
        Map.of("list_unsubscribe", "mailto:unsubscribe@example.com?subject=unsubscribe"));

    assertThat(provider().send(message)).isInstanceOf(Accepted.class);

    MimeMessage received = greenMail.getReceivedMessages()[0];
    assertThat(received.getHeader("List-Unsubscribe")).containsExactly("<mailto:unsubscribe@example.com?subject=unsubscribe>");
    assertThat(received.getHeader("List-Unsubscribe-Post")).isNull();
  }

  @Test
  void authenticatedSendWithTheRightPasswordIsAccepted() {
    var outcome = provider(Map.of("username", "herald", "password", "s3cret"))
        .send(email("msg-auth-ok", "ada@example.org", null, Content.text("hi"), Map.of()));

    assertThat(outcome).isInstanceOf(Accepted.class);
    assertThat(greenMail.getReceivedMessages()).hasSize(1);
  }

  @Test
  void wrongPasswordIsPermanentFailureNamingTheCredentialKeys() {
    var outcome = provider(Map.of("username", "herald", "password", "wrong"))
        .send(email("msg-auth-bad", "ada@example.org", null, Content.text("hi"), Map.of()));

    assertThat(outcome).isInstanceOfSatisfying(PermanentFailure.class, f -> {
      assertThat(f.code()).isEqualTo("auth_failed");
      assertThat(f.reason()).contains("535").contains("smtp.username/smtp.password");
    });
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void recipientRejectedWith550IsPermanentFailureWithTheReplyCode() throws Exception {
    try (var server = ScriptedSmtpServer.rejectingRecipients("550 5.1.1 <nobody@example.org>: user unknown")) {
      var outcome = provider(Map.of("port", String.valueOf(server.port())))
          .send(email("msg-550", "nobody@example.org", null, Content.text("hi"), Map.of()));

      assertThat(outcome).isInstanceOfSatisfying(PermanentFailure.class, f -> {
        assertThat(f.code()).isEqualTo("550");
        assertThat(f.reason()).contains("user unknown");
        assertThat(f.httpStatus()).isZero();
      });
      assertThat(server.commands()).anyMatch(c -> c.startsWith("RCPT TO:<nobody@example.org>"));
    }
  }

  @Test
  void recipientDeferredWith451IsTransientFailure() throws Exception {
    try (var server = ScriptedSmtpServer.rejectingRecipients("451 4.7.1 greylisted, try again later")) {
      var outcome = provider(Map.of("port", String.valueOf(server.port())))
          .send(email("msg-451", "ada@example.org", null, Content.text("hi"), Map.of()));

      assertThat(outcome).isInstanceOfSatisfying(TransientFailure.class, f -> {
        assertThat(f.code()).isEqualTo("451");
        assertThat(f.reason()).contains("greylisted");
      });
    }
  }

  @Test
  void contentRejectedAfterDataWith554IsPermanentFailure() throws Exception {
    try (var server = ScriptedSmtpServer.rejectingData("554 5.7.1 message looks like spam")) {
      var outcome = provider(Map.of("port", String.valueOf(server.port())))
          .send(email("msg-554", "ada@example.org", null, Content.text("buy now"), Map.of()));

      assertThat(outcome).isInstanceOfSatisfying(PermanentFailure.class, f -> assertThat(f.code()).isEqualTo("554"));
    }
  }

  @Test
  void refusedConnectionIsTransientFailure() throws Exception {
    int closedPort;
    try (var probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    var outcome = provider(Map.of("port", String.valueOf(closedPort)))
        .send(email("msg-refused", "ada@example.org", null, Content.text("hi"), Map.of()));

    assertThat(outcome).isInstanceOfSatisfying(TransientFailure.class, f -> {
      assertThat(f.code()).isEqualTo("smtp_unavailable");
      assertThat(f.reason()).containsIgnoringCase("connect");
    });
  }

  @Test
  void serverThatNeverAnswersTimesOutAsTransientFailure() throws Exception {
    try (var server = ScriptedSmtpServer.silent()) {
      long start = System.nanoTime();
      var outcome = provider(Map.of("port", String.valueOf(server.port()), "timeout", "300ms"))
          .send(email("msg-silent", "ada@example.org", null, Content.text("hi"), Map.of()));

      assertThat(outcome).isInstanceOfSatisfying(TransientFailure.class, f -> assertThat(f.code()).isEqualTo("smtp_unavailable"));
      assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }
  }

  @Test
  void starttlsModeNeverSendsInPlainTextToAServerWithoutStarttls() {
    var outcome = provider(Map.of("tls", "starttls", "username", "herald", "password", "s3cret"))
        .send(email("msg-starttls", "ada@example.org", null, Content.text("secret stuff"), Map.of()));

    assertThat(outcome).isInstanceOfSatisfying(TransientFailure.class, f -> assertThat(f.reason()).contains("STARTTLS"));
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void malformedRecipientAddressIsPermanentFailure() {
    var outcome = provider().send(email("msg-bad-to", "not an address", null, Content.text("hi"), Map.of()));

    assertThat(outcome).isInstanceOfSatisfying(PermanentFailure.class, f -> assertThat(f.code()).isEqualTo("invalid_address"));
  }

  @Test
  void messageWithoutSenderWhenNoDefaultIsConfiguredIsPermanentFailure() {
    Map<String, String> config = new HashMap<>();
    config.put("from", "");
    var outcome = provider(config).send(email("msg-no-from", "ada@example.org", null, Content.text("hi"), Map.of()));

    assertThat(outcome).isInstanceOfSatisfying(PermanentFailure.class, f -> {
      assertThat(f.code()).isEqualTo("invalid_message");
      assertThat(f.reason()).contains("smtp.from");
    });
  }

  @Test
  void invalidConfigurationNamesTheKey() {
    assertThatThrownBy(() -> SmtpSettings.from(new ProviderConfig("smtp", Map.of())))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("smtp.host");
    assertThatThrownBy(() -> SmtpSettings.from(new ProviderConfig("smtp", Map.of("host", "h", "tls", "ssl3"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("smtp.tls");
    assertThatThrownBy(() -> SmtpSettings.from(new ProviderConfig("smtp", Map.of("host", "h", "username", "u"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("smtp.password");
    assertThatThrownBy(() -> SmtpSettings.from(new ProviderConfig("smtp", Map.of("host", "h", "port", "70000"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("smtp.port");
    assertThatThrownBy(() -> SmtpSettings.from(new ProviderConfig("smtp", Map.of("host", "h", "from", "nope"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("smtp.from");
  }

  @Test
  void defaultsArePort587StarttlsAndTenSecondTimeouts() {
    SmtpSettings s = SmtpSettings.from(new ProviderConfig("smtp", Map.of("host", "mail.example.com")));

    assertThat(s.port()).isEqualTo(587);
    assertThat(s.tls()).isEqualTo(SmtpTls.STARTTLS);
    assertThat(s.timeout()).hasSeconds(10);
    var props = SmtpProvider.sessionProperties(s);
    assertThat(props).containsEntry("mail.smtp.starttls.required", "true")
        .containsEntry("mail.smtp.connectiontimeout", "10000")
        .containsEntry("mail.smtp.timeout", "10000")
        .containsEntry("mail.smtp.writetimeout", "10000");
    assertThat(SmtpProvider.sessionProperties(
        SmtpSettings.from(new ProviderConfig("smtp", Map.of("host", "h", "tls", "tls"))))).containsEntry("mail.smtp.ssl.enable", "true");
  }

  @Test
  void factoryIsFoundByServiceLoaderAndHasNoWebhookReceiver() {
    var factory = ServiceLoader.load(ChannelProviderFactory.class).stream()
        .map(ServiceLoader.Provider::get).filter(f -> f.id().equals("smtp")).findFirst();

    assertThat(factory).isPresent();
    assertThat(provider().webhookReceiver()).isNull();
  }
}
