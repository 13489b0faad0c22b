package io.meterwatch.console;

import static io.meterwatch.core.report.ReportFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseJson;
import io.meterwatch.core.report.ReportEntry;
import io.meterwatch.core.report.ReportJson;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The report pages in headless Chromium, on the year of ReportFixtures (case events on {@code
 * alerts}, imported entries on {@code report.entries}, the report tests' small city): a county user
 * sees only its county's reports and downloads them, the bureau sees every county. Expected rows
 * are the hand-computed ones of the core report tests.
 */
class ReportPagesBrowserTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static ConsoleFixture fx;
  static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    Path dir = ConsoleFixture.tempDir();
    fx = new ConsoleFixture(dir);
    fx.kafka.createTopic("report.entries", 1, Map.of("retention.ms", "-1"));
    // the reports read the case events (alerts); the case states (cases) stay empty here
    for (CaseEvent e : events()) {
      fx.producer
          .send(new ProducerRecord<>(ConsoleFixture.ALERTS, e.caseId(), CaseJson.eventBytes(e)))
          .get();
    }
    for (ReportEntry e : entries()) {
      fx.producer
          .send(
              new ProducerRecord<>(
                  "report.entries",
                  e.creditCode() + "|" + e.criterion().label(),
                  ReportJson.entryBytes(e)))
          .get();
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fx.kafka.bootstrapServers());
    fx.console =
        ConsoleServer.start(
            new ConsoleServer.Settings(
                p,
                ConsoleFixture.ALERTS,
                ConsoleFixture.CASES,
                ConsoleFixture.ACTIONS,
                UserStore.load(fx.users),
                null,
                "127.0.0.1",
                0,
                ZONE,
                null,
                "meterwatch",
                e -> {},
                registry(),
                "report.entries",
                "registry"));
    if (!fx.console.awaitCaughtUp(Duration.ofSeconds(30))) {
      throw new AssertionError("the console did not read its topics within 30 s");
    }
    browser = Browser.start(dir.resolve("chromium"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (fx != null) {
      fx.close();
    }
  }

  static WebDriverWait waiting() {
    return Browser.waiting(browser, WAIT);
  }

  static void login(String name) {
    Browser.login(browser, fx, name, WAIT);
  }

  static List<String> texts(String css) {
    return Browser.texts(browser, css);
  }

  /** Opens a report by its address and waits for its table. */
  static void open(String query) {
    browser.get(fx.url("/#/reports?" + query));
    browser.navigate().refresh();
    waiting().until(d -> !d.findElements(By.id("report-table")).isEmpty());
  }

  /** The first bytes of what a download button gives, fetched in the page's session. */
  static String firstBytes(String buttonId) {
    String href = browser.findElement(By.id(buttonId)).getAttribute("href");
    Object hex =
        ((JavascriptExecutor) browser)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "fetch(arguments[0]).then(r => r.arrayBuffer()).then(b => done("
                    + "Array.from(new Uint8Array(b).slice(0, 3))"
                    + ".map(x => x.toString(16)).join(' ')));",
                href);
    return (String) hex;
  }

  @Test
  void aCountyUserSeesItsCountysReportsAndTheBureauEveryCounty() {
    login("hanbin");
    open("report=statistics&year=2025&asOf=2025-07-19");
    assertThat(browser.findElement(By.id("report-title")).getText()).isEqualTo("淘汰落后产能统计表（按县区）");
    assertThat(texts("#report-table tbody td[data-key=county]")).containsExactly("汉滨区", "合计");
    // 汉滨区 on 19 July: energy 1 monitored, 1 finding, 1 extended
    assertThat(texts("#report-table tbody tr:first-child td").subList(1, 8))
        .containsExactly("1", "1", "0", "1", "0", "0", "0");
    Select county = new Select(browser.findElement(By.id("report-county")));
    assertThat(county.getOptions()).extracting(WebElement::getText).containsExactly("汉滨区");
    assertThat(browser.findElement(By.id("report-county")).isEnabled()).isFalse();

    open("report=disclosure-exceeding&period=2025-Q1");
    assertThat(texts("#report-table tbody td[data-key=county]")).containsExactly("汉滨区");
    assertThat(texts("#report-table tbody td[data-key=enterprise]")).containsExactly("安康汉江水泥有限公司");
    assertThat(texts("#report-table tbody td[data-key=worstValue]")).containsExactly("122.50");
    assertThat(texts("#report-table tbody td[data-key=exceedingHours]")).containsExactly("2");
    assertThat(browser.findElement(By.id("download-csv")).getAttribute("href"))
        .isEqualTo(fx.url("/api/reports/disclosure-exceeding?period=2025-Q1&format=csv"));
    // the CSV button gives UTF-8 with a BOM, the XLSX one a zip
    assertThat(firstBytes("download-csv")).isEqualTo("ef bb bf");
    assertThat(firstBytes("download-xlsx")).isEqualTo("50 4b 3");
    browser.findElement(By.id("logout")).click();
    waiting().until(d -> !d.findElements(By.id("login-form")).isEmpty());

    // the bureau chooses the report in the form and sees every county
    login("duty");
    browser.get(fx.url("/#/reports"));
    waiting().until(d -> !d.findElements(By.id("report-kind")).isEmpty());
    new Select(browser.findElement(By.id("report-kind"))).selectByValue("disclosure-exceeding");
    waiting().until(d -> !d.findElements(By.id("report-period")).isEmpty());
    WebElement period = browser.findElement(By.id("report-period"));
    period.clear();
    period.sendKeys("2025-Q1");
    browser.findElement(By.id("report-show")).click();
    waiting().until(d -> !d.findElements(By.id("report-table")).isEmpty());
    assertThat(texts("#report-table tbody td[data-key=county]")).containsExactly("汉滨区", "旬阳市");
    assertThat(texts("#report-table tbody td[data-key=worstValue]"))
        .containsExactly("122.50", "480.00");
    assertThat(browser.findElement(By.id("report-rows")).getText()).isEqualTo("2");

    open("report=statistics&year=2025&asOf=2025-07-19");
    assertThat(texts("#report-table tbody td[data-key=county]"))
        .containsExactly("汉滨区", "旬阳市", "平利县", "合计");
    assertThat(new Select(browser.findElement(By.id("report-county"))).getOptions())
        .extracting(WebElement::getText)
        .containsExactly("全部县区", "汉滨区", "旬阳市", "平利县");
  }
}
