package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testkit.SettableClock;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard over plain HTTP: sessions, cookies, CSRF and security headers. */
class DashboardTest {
  @TempDir Path dir;
  final SettableClock clock = SettableClock.atEpochOfTests();
  TestServer server;
  HttpClient http;

  @BeforeEach
  void start() {
    server = new TestServer(dir, Map.of(), clock, List.of());
    http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
  }

  @AfterEach
  void stop() {
    http.close();
    server.close();
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(server.url(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
    StringBuilder body = new StringBuilder();
    form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return http.send(HttpRequest.newBuilder(URI.create(server.url(path)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Where a GET of {@code path} lands: the redirect's target, or {@code path} itself when answered. */
  String landing(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = get(path);
    return r.statusCode() / 100 == 3 ? r.headers().firstValue("Location").orElseThrow() : path;
  }

  static String field(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]+)\"").matcher(html);
    assertThat(m.find()).as("a " + name + " field in the page").isTrue();
    return m.group(1);
  }

  /** Signs in and returns the session cookie's Set-Cookie header. */
  String signIn() throws Exception {
    String token = field(get("/dashboard/sign-in").body(), "_signin");
    HttpResponse<String> r = post("/dashboard/sign-in", Map.of("_signin", token, "api_key", TestServer.API_KEY));
    assertThat(r.statusCode()).isEqualTo(303);
    return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("herald_session=")).findFirst().orElseThrow();
  }

  @Test
  void signingInSetsAnHttpOnlyStrictSessionCookieAndTheKeyAppearsNowhereInThePages() throws Exception {
    String cookie = signIn();
    assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/dashboard")
        .contains("Max-Age=" + Duration.ofHours(8).toSeconds()).doesNotContain(TestServer.API_KEY);
    for (String page : List.of("/dashboard/overview", "/dashboard/messages", "/dashboard/compose")) {
      HttpResponse<String> r = get(page);
      assertThat(r.statusCode()).as(page).isEqualTo(200);
      assertThat(r.body()).as(page).doesNotContain(TestServer.API_KEY).contains("hk_test…");
    }
  }

  @Test
  void everyPageCarriesAPolicyWithoutInlineScriptsAndRefusesFraming() throws Exception {
    for (String page : List.of("/dashboard/sign-in", "/dashboard/overview")) {
      HttpResponse<String> r = get(page);
      String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
      assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(r.body()).doesNotContainPattern("<script>|<script [^>]*>[^<]+</script>| on[a-z]+=\"");
    }
  }

  @Test
  void aWrongKeyIsRefusedOnThePageAndOpensNoSession() throws Exception {
    String token = field(get("/dashboard/sign-in").body(), "_signin");
    HttpResponse<String> r = post("/dashboard/sign-in", Map.of("_signin", token, "api_key", "hk_wrong"));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("That API key is not valid.");
    assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("herald_session="));
    assertThat(landing("/dashboard/overview")).isEqualTo("/dashboard/sign-in");
  }

  @Test
  void aSignInFormWithoutItsCookieTokenIsRefused() throws Exception {
    HttpResponse<String> r = post("/dashboard/sign-in", Map.of("_signin", "forged", "api_key", TestServer.API_KEY));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(landing("/dashboard/overview")).isEqualTo("/dashboard/sign-in");
  }

  @Test
  void aChangeWithoutTheSessionsCsrfTokenIsRefusedAndCreatesNothing() throws Exception {
    signIn();
    HttpResponse<String> r = post("/dashboard/compose", Map.of("channel", "sms", "to", "+14155550100", "body", "hi"));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("CSRF");
    r = post("/dashboard/compose", Map.of("_csrf", "wrong", "channel", "sms", "to", "+14155550100", "body", "hi"));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(server.get("/v1/messages").json().get("data")).isEmpty();
  }

  @Test
  void signingOutEndsTheSession() throws Exception {
    signIn();
    String csrf = field(get("/dashboard/overview").body(), "_csrf");
    assertThat(post("/dashboard/sign-out", Map.of("_csrf", csrf)).statusCode()).isEqualTo(303);
    assertThat(landing("/dashboard/overview")).isEqualTo("/dashboard/sign-in");
  }

  @Test
  void aSessionExpiresEightHoursAfterSignIn() throws Exception {
    signIn();
    clock.advance(Duration.ofHours(8).minusSeconds(1));
    assertThat(landing("/dashboard/overview")).isEqualTo("/dashboard/overview");
    clock.advance(Duration.ofSeconds(1));
    assertThat(landing("/dashboard/overview")).isEqualTo("/dashboard/sign-in");
  }

  @Test
  void aMessageComposedForLaterIsScheduledAndCanBeCanceledFromItsPage() throws Exception {
    signIn();
    String csrf = field(get("/dashboard/compose").body(), "_csrf");
    HttpResponse<String> r = post("/dashboard/compose", Map.of("_csrf", csrf, "channel", "sms", "to", "+14155550100",
        "body", "later", "send_at", "2099-01-01T09:30"));
    assertThat(r.statusCode()).isEqualTo(303);
    String page = r.headers().firstValue("Location").orElseThrow().replaceAll("\\?.*", "");
    String id = page.substring(page.lastIndexOf('/') + 1);
    assertThat(server.status(id)).isEqualTo("scheduled");
    assertThat(get(page).body()).contains("/dashboard/messages/" + id + "/cancel");
    assertThat(post(page + "/cancel", Map.of("_csrf", csrf)).statusCode()).isEqualTo(303);
    assertThat(server.status(id)).isEqualTo("canceled");
    assertThat(post(page + "/cancel", Map.of("_csrf", csrf)).body()).contains("Not done");
  }

  @Test
  void contactsAndConversationsAreListedAndAConversationShowsItsContextAndThread() throws Exception {
    String contact = server.post("/v1/contacts", "{\"name\":\"Grace <Hopper>\",\"phone\":\"+14155550124\"}")
        .json().get("id").asText();
    var sent = server.post("/v1/messages", "{\"channel\":\"sms\",\"contact_id\":\"" + contact + "\",\"body\":\"shipped\"}").json();
    String conversation = sent.get("conversation_id").asText();
    server.call("PATCH", "/v1/conversations/" + conversation + "/context", "{\"order\":\"1001\"}");
    signIn();
    String contacts = get("/dashboard/contacts").body();
    assertThat(contacts).contains("id=\"contact-" + contact + "\"").contains("Grace &lt;Hopper&gt;")
        .contains("/dashboard/messages?to=%2B14155550124");
    assertThat(get("/dashboard/conversations?contact_id=" + contact).body()).contains("id=\"conversation-" + conversation + "\"");
    String page = get("/dashboard/conversations/" + conversation).body();
    assertThat(page).contains("id=\"m-" + sent.get("id").asText() + "\"").contains("&quot;order&quot; : &quot;1001&quot;");
    HttpResponse<String> bad = get("/dashboard/conversations?status=open-ish");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("open-ish");
  }

  @Test
  void theDashboardStreamNeedsASession() throws Exception {
    assertThat(landing("/dashboard/messages/stream")).isEqualTo("/dashboard/sign-in");
  }
}
