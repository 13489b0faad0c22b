package io.meterwatch.console;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's headless Chromium driven by Debian's chromedriver (no downloads). */
public final class Browser {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private Browser() {}

  /**
   * A headless Chromium window of 1280 x 800.
   *
   * @throws AssertionError with the install command when chromium or chromedriver is missing
   */
  public static ChromeDriver start(Path profileDir) throws Exception {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new AssertionError(
          "the browser tests need Debian's chromium and chromium-driver ("
              + CHROMIUM
              + ", "
              + CHROMEDRIVER
              + "): apt-get install -y chromium chromium-driver fonts-wqy-microhei"
              + " (./meterwatch test installs them)");
    }
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    // The machine has no internet: without the background-networking switches Chromium keeps
    // trying to reach Google's hosts.
    o.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        "--window-size=1280,800",
        "--user-data-dir=" + Files.createDirectories(profileDir));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .withTimeout(Duration.ofSeconds(60))
            .build();
    ChromeDriver d = new ChromeDriver(service, o);
    d.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return d;
  }

  /**
   * A wait of {@code timeout} that looks every 100 ms: the console's pages redraw on live events,
   * so an element found a moment ago may be replaced, and a stale one is looked up again.
   */
  public static WebDriverWait waiting(ChromeDriver d, Duration timeout) {
    return (WebDriverWait)
        new WebDriverWait(d, timeout, Duration.ofMillis(100))
            .ignoring(StaleElementReferenceException.class);
  }

  /** Logs {@code name} in through the console's login form and waits for the county table. */
  static void login(ChromeDriver d, ConsoleFixture fx, String name, Duration timeout) {
    login(d, fx.url("/login"), name, ConsoleFixture.PASSWORD, timeout);
  }

  /**
   * Logs {@code name} in through the login form at {@code loginUrl} and waits for the county table.
   */
  public static void login(
      ChromeDriver d, String loginUrl, String name, String password, Duration timeout) {
    d.get(loginUrl);
    d.findElement(By.id("name")).sendKeys(name);
    d.findElement(By.id("password")).sendKeys(password);
    d.findElement(By.id("login-button")).click();
    waiting(d, timeout).until(w -> !w.findElements(By.id("county-table")).isEmpty());
  }

  /** The texts of the elements that {@code css} selects, in page order. */
  static List<String> texts(ChromeDriver d, String css) {
    return d.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
  }
}
