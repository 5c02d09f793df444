package dev.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.core.provider.DeliveryOutcome.Accepted;
import dev.herald.core.provider.DeliveryOutcome.TransientFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/** The dashboard in a real (headless) browser: sign in, compose, watch rows change live, retry. */
class DashboardBrowserTest {
  @TempDir Path dir;
  TestServer server;
  ChromeDriver browser;

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  void start(Map<String, String> settings, List<dev.herald.core.provider.ChannelProvider> providers) throws Exception {
    browser = Browser.open(dir.resolve("profile"));
    server = new TestServer(dir.resolve("data"), settings, Clock.systemUTC(), providers);
    browser.get(server.url("/dashboard"));
    assertThat(browser.getCurrentUrl()).endsWith("/dashboard/sign-in");
    browser.findElement(By.id("api_key")).sendKeys(TestServer.API_KEY);
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    awaitPage().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/dashboard/overview"));
  }

  /** Messages stored for the tenant, read through the API. */
  int storedMessages() {
    return server.get("/v1/messages").json().get("data").size();
  }

  void compose(String channel, String to, String body) {
    browser.get(server.url("/dashboard/compose"));
    new Select(browser.findElement(By.id("channel"))).selectByValue(channel);
    browser.findElement(By.id("to")).sendKeys(to);
    browser.findElement(By.id("body")).sendKeys(body);
  }

  String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  void screenshot(String name) throws Exception {
    Path docs = Path.of(System.getProperty("user.dir")).resolveSibling("docs");
    if (Files.isDirectory(docs) && System.getenv("DASHBOARD_SCREENSHOTS") != null) {
      Files.write(docs.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }
  }

  @Test
  void aComposedSmsAppearsOnTheOpenMessagesPageAndReachesDeliveredWithoutAReload() throws Exception {
    start(Map.of("simulator.callback_delay", "1s"), List.of());
    browser.get(server.url("/dashboard/messages"));
    String messagesTab = browser.getWindowHandle();
    ((JavascriptExecutor) browser).executeScript("window.heraldNotReloaded = true");
    awaitPage().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.cssSelector("#live.htmx-settling, #live")).isEmpty());

    browser.switchTo().newWindow(WindowType.TAB);
    compose("sms", "+14155550100", "Your code is 123456");
    awaitPage().atMost(Duration.ofSeconds(10)).until(() -> text("segments").contains("GSM-7, 1 segment"));
    browser.findElement(By.id("send")).click();
    awaitPage().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("/dashboard/messages/"));
    String id = browser.getCurrentUrl().replaceAll(".*/dashboard/messages/([^?]+).*", "$1");

    browser.switchTo().window(messagesTab);
    By row = By.cssSelector("#rows tr#m-" + id + " .status");
    awaitPage().atMost(Duration.ofSeconds(20)).until(() -> !browser.findElements(row).isEmpty()
        && browser.findElement(row).getText().equals("delivered"));
    assertThat(((JavascriptExecutor) browser).executeScript("return window.heraldNotReloaded")).isEqualTo(true);
    assertThat(browser.findElements(By.cssSelector("#rows tr"))).hasSize(1);
    assertThat(browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll())
        .extracting(org.openqa.selenium.logging.LogEntry::getMessage)
        .noneMatch(m -> m.contains("Content Security Policy") || m.contains("htmx:"));
    screenshot("dashboard-messages.png");
  }

  @Test
  void theSegmentCounterFollowsTheBodyAsTheEngineCountsIt() throws Exception {
    start(Map.of(), List.of());
    compose("sms", "+14155550100", "x".repeat(161));
    awaitPage().atMost(Duration.ofSeconds(10)).until(() -> text("segments").contains("161 septets, GSM-7, 2 segments"));
    browser.findElement(By.id("body")).sendKeys("€");
    awaitPage().atMost(Duration.ofSeconds(10)).until(() -> text("segments").contains("163 septets"));
    browser.findElement(By.id("body")).sendKeys("😀");
    awaitPage().atMost(Duration.ofSeconds(10)).until(() -> text("segments").contains("UCS-2, 3 segments"));
  }

  @Test
  void badInputIsExplainedOnThePageAndCreatesNothing() throws Exception {
    start(Map.of(), List.of());
    compose("sms", "+14155550100", "");
    browser.findElement(By.id("send")).click();
    awaitPage().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("errors")).isEmpty());
    assertThat(browser.findElement(By.cssSelector("#errors li[data-field=body]")).getText()).contains("is required");

    browser.findElement(By.id("to")).clear();
    browser.findElement(By.id("to")).sendKeys("+12");
    browser.findElement(By.id("body")).sendKeys("hello");
    browser.findElement(By.id("send")).click();
    awaitPage().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.cssSelector("#errors li[data-field=to]")).isEmpty());
    assertThat(browser.findElements(By.cssSelector("#errors li[data-field=body]"))).isEmpty();
    assertThat(browser.findElement(By.id("body")).getAttribute("value")).isEqualTo("hello");

    compose("sms", "+14155550100", "hello");
    ((JavascriptExecutor) browser).executeScript("document.querySelector('form[action=\"/dashboard/compose\"] input[name=_csrf]').remove()");
    browser.findElement(By.id("send")).click();
    awaitPage().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("error")).isEmpty());
    assertThat(text("error")).contains("CSRF");
    assertThat(storedMessages()).isZero();
  }

  @Test
  void aDeadLetteredMessageShowsFirstOnTheOverviewAndAnEditedRetryDeliversIt() throws Exception {
    ScriptedProvider provider = new ScriptedProvider("scripted",
        new TransientFailure("503", "carrier unavailable", null, 503),
        new TransientFailure("503", "carrier unavailable", null, 503),
        new Accepted("P-1", null, null, 200, true));
    start(Map.of("channels.sms.providers", "scripted", "retry_backoff", "100ms", "retry_max_attempts", "2"),
        List.of(provider));
    String id = server.post("/v1/messages", "{\"channel\":\"sms\",\"to\":\"+15005550002\",\"body\":\"Your code is {{code}}\"}")
        .json().get("id").asText();
    awaitPage().atMost(Duration.ofSeconds(20)).until(() -> server.status(id).equals("dead_lettered"));

    browser.get(server.url("/dashboard/overview"));
    WebElement failed = browser.findElement(By.id("failed-" + id));
    assertThat(failed.getText()).contains("dead_lettered").contains("carrier unavailable");
    assertThat(text("failed-heading")).contains("1 in the last 24 hours");
    screenshot("dashboard-overview.png");

    failed.findElement(By.linkText(failed.findElement(By.tagName("a")).getText())).click();
    WebElement edit = browser.findElement(By.id("edit-body"));
    edit.clear();
    edit.sendKeys("Your code is 123456");
    browser.findElement(By.id("retry")).click();
    awaitPage().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("notice")).isEmpty());
    awaitPage().atMost(Duration.ofSeconds(20)).until(() -> server.status(id).equals("delivered"));
    assertThat(provider.calls).hasSize(3);
    assertThat(provider.calls.get(2).content().text()).isEqualTo("Your code is 123456");
    browser.navigate().refresh();
    assertThat(text("status")).isEqualTo("delivered");
    assertThat(text("timeline")).contains("retried by operator (API key hk_test…)");
  }

  /** Serious and critical axe-core violations of the current page, one line each. */
  List<String> seriousAccessibilityViolations() throws Exception {
    String axe;
    try (var in = getClass().getClassLoader().getResourceAsStream("META-INF/resources/webjars/axe-core/"
        + axeVersion() + "/axe.min.js")) {
      axe = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    JavascriptExecutor js = browser;
    js.executeScript(axe);
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    Object result = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "axe.run(document).then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
        + ".map(v => v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))))"
        + ".catch(e => done(['axe failed: ' + e]));");
    @SuppressWarnings("unchecked")
    List<String> violations = (List<String>) result;
    return violations;
  }

  static String axeVersion() throws java.io.IOException {
    java.util.Properties p = new java.util.Properties();
    try (var in = DashboardBrowserTest.class.getClassLoader()
        .getResourceAsStream("META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
      p.load(in);
    }
    return p.getProperty("version");
  }

  @Test
  void everyPageHasNoSeriousOrCriticalAccessibilityViolations() throws Exception {
    start(Map.of(), List.of());
    String id = server.post("/v1/messages", "{\"channel\":\"sms\",\"to\":\"+15005550001\",\"body\":\"hi\"}")
        .json().get("id").asText();
    awaitPage().atMost(Duration.ofSeconds(10)).until(() -> server.status(id).equals("failed"));
    for (String page : List.of("/dashboard/sign-in", "/dashboard/overview", "/dashboard/messages",
        "/dashboard/messages?status=failed", "/dashboard/compose", "/dashboard/messages/" + id, "/dashboard/contacts", "/dashboard/conversations")) {
      browser.get(server.url(page));
      assertThat(seriousAccessibilityViolations()).as(page).isEmpty();
    }
    compose("sms", "+12", "");
    browser.findElement(By.id("send")).click();
    awaitPage().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("errors")).isEmpty());
    assertThat(seriousAccessibilityViolations()).as("compose with errors").isEmpty();
  }

  /**
   * Waits on the page: live fragments replace rows while they are read, so an element found a moment
   * ago may be gone; such a read counts as "not yet", not as a failure.
   */
  private static org.awaitility.core.ConditionFactory awaitPage() {
    return await().ignoreException(org.openqa.selenium.StaleElementReferenceException.class);
  }
}
