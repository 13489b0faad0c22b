package io.meterwatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.connectors.bridge.MqttKafkaBridge;
import io.meterwatch.connectors.influx.InfluxPoints;
import io.meterwatch.connectors.influx.InfluxWriter;
import io.meterwatch.connectors.registry.RegistryTopic;
import io.meterwatch.core.cases.CaseAction;
import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseJson;
import io.meterwatch.core.cases.CaseKey;
import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.Severity;
import io.meterwatch.core.hj212.Hj212Codec;
import io.meterwatch.core.input.RejectedInputException;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.core.registry.RegistryVersion;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.rules.HourlyValue;
import io.meterwatch.devservices.EmbeddedMqttBroker;
import io.meterwatch.devservices.InfluxdProcess;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in headless Chromium against a real Kafka: a county user logs in and sees only their
 * county, a case published while the page is open appears without a reload, acknowledge and close
 * go to case.actions and the page shows the case manager's answer, the bureau sees every county.
 * The answers come from the case manager's own lifecycle ({@link CaseScript}) reading case.actions.
 * With {@code -Dconsole.docs=true} the screenshots are also copied to docs/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
  static final String READINGS = "meter.readings";
  static final String DLQ = "meter.readings.dlq";
  static final String JOB_GROUP = "meterwatch-monitoring";
  static final CaseKey HANBIN_SO2 = CaseScript.so2("91610902MA0001", "DA001");
  static final CaseKey XUNYANG_SO2 = CaseScript.so2("91610922MA0002", "DA001");

  /** An enterprise of the test registry (the others are known only from their cases). */
  static final String HEATING = "91610902MA60000030";

  static final CaseKey HANBIN_NEW = CaseScript.so2(HEATING, "DA002");
  static final CaseKey HEATING_NOX = new CaseKey(HEATING, "DA002", "E1", "a21002");

  /** The test registry: the heating plant's boiler stack under the ultra-low limits, NOx 45. */
  static final String REGISTRY =
      """
      city: test
      counties:
        - {id: Hanbin, nameZh: 汉滨区, nameEn: Hanbin District}
        - {id: Xunyang, nameZh: 旬阳市, nameEn: Xunyang City}
      enterprises:
        - creditCode: 91610902MA60000030
          name: 汉滨热力
          nameEn: Hanbin Heating
          county: Hanbin
          industry: heating
          outlets:
            - id: DA002
              name: boiler stack
              medium: FLUE_GAS
              mn: MN0003
              password: "503127"
              standard: ultra-low-coal-power
              limitVersions:
                - {parameter: a21002, value: 45}
          energyMeters:
            - {mn: MN0004, password: "881265", carrier: e01001, unit: kWh}
      """;

  static final Duration WAIT = Duration.ofSeconds(20);

  static ConsoleFixture fx;
  static InfluxdProcess influx;
  static CaseScript script;
  static ChromeDriver browser;
  static EmbeddedMqttBroker mqtt;
  static MqttKafkaBridge bridge;
  static Thread caseManager;
  static final AtomicBoolean running = new AtomicBoolean(true);

  @BeforeAll
  static void start() throws Exception {
    Path dir = ConsoleFixture.tempDir();
    fx = new ConsoleFixture(dir);
    script =
        new CaseScript()
            .name("91610902MA0001", "安康电厂 Ankang Power")
            .name("91610922MA0002", "旬阳水泥 Xunyang Cement")
            .name(HEATING, "汉滨热力 Hanbin Heating");
    fx.publish(
        script, script.breach(HANBIN_SO2, "Hanbin", Domain.EMISSION, Severity.MAJOR, 0, 49.0));
    fx.publish(
        script, script.breach(XUNYANG_SO2, "Xunyang", Domain.EMISSION, Severity.WARNING, 1, 40.0));
    influx = InfluxdProcess.startDefault();
    writeHourlyValues();
    Path registryFile = dir.resolve("registry.yaml");
    Files.writeString(registryFile, REGISTRY);
    SiteRegistry registry = RegistryLoader.load(registryFile);
    fx.kafka.createTopic(READINGS, 1);
    fx.kafka.createTopic(DLQ, 1);
    mqtt = EmbeddedMqttBroker.builder().start();
    bridge =
        MqttKafkaBridge.builder()
            .mqttUrl(mqtt.url())
            .kafkaBootstrap(fx.kafka.bootstrapServers())
            .readingsTopic(READINGS)
            .dlqTopic(DLQ)
            .registry(registry)
            .clientId("console-test-bridge")
            .metricsPort(0)
            .build()
            .start();
    Properties kafka = new Properties();
    kafka.put("bootstrap.servers", fx.kafka.bootstrapServers());
    fx.startConsole(
        influx.url(),
        "meterwatch",
        new ConsoleServer.Sources(
            () -> registry,
            new PipelineHealth.Settings(
                kafka,
                List.of(URI.create("http://127.0.0.1:" + bridge.metricsPort())),
                READINGS,
                JOB_GROUP,
                DLQ,
                null)));
    caseManager = new Thread(ConsoleBrowserTest::answerActions, "test-case-manager");
    caseManager.setDaemon(true);
    caseManager.start();
    browser = Browser.start(dir.resolve("chromium"));
  }

  @AfterAll
  static void stop() throws Exception {
    running.set(false);
    if (browser != null) {
      browser.quit();
    }
    if (caseManager != null) {
      caseManager.join(5000);
    }
    if (bridge != null) {
      bridge.close();
    }
    if (mqtt != null) {
      mqtt.close();
    }
    if (fx != null) {
      fx.close();
    }
    if (influx != null) {
      influx.close();
    }
  }

  /**
   * Six hours of SO2 at the new case's outlet as the job writes them: hour 2 is the breach, 86.8
   * mg/m3 measured at 9 % O2, 86.8 x (21 - 6) / (21 - 9) = 108.5 mg/m3 at the reference 6 %.
   */
  static void writeHourlyValues() throws Exception {
    try (InfluxWriter w = InfluxWriter.builder().url(influx.url()).database("meterwatch").build()) {
      for (int h = 0; h < 6; h++) {
        double raw = h == 2 ? 86.8 : 20.0 + h;
        double converted = h == 2 ? 108.5 : 25.0 + h;
        for (String parameter : List.of("a21026", "a19001")) {
          boolean so2 = parameter.equals("a21026");
          w.write(
              InfluxPoints.hourlyValue(
                  new HourlyValue(
                      "MN0003",
                      parameter,
                      CaseScript.hour(h),
                      "DA002",
                      HEATING,
                      "Hanbin",
                      so2 ? raw : 9.0,
                      null,
                      null,
                      55,
                      60,
                      true,
                      null,
                      null,
                      so2 ? converted : null,
                      so2 ? 6.0 : null,
                      null,
                      null,
                      null,
                      null,
                      null,
                      0)));
        }
      }
      w.flush();
    }
  }

  /** Applies each action on case.actions with the case lifecycle and publishes the answer. */
  static void answerActions() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, fx.kafka.bootstrapServers());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p)) {
      TopicPartition tp = new TopicPartition(ConsoleFixture.ACTIONS, 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          CaseAction a = CaseJson.readAction(r.value());
          List<CaseEvent> answer;
          synchronized (script) {
            answer = script.act(a);
          }
          fx.publish(script, answer);
        }
      }
    } catch (RejectedInputException e) {
      throw new AssertionError("the console sent an unreadable action", e);
    } catch (Exception e) {
      if (running.get()) {
        throw new AssertionError(e);
      }
    }
  }

  static WebDriverWait waiting() {
    return Browser.waiting(browser, WAIT);
  }

  static void login(String name) {
    Browser.login(browser, fx, name, WAIT);
  }

  static void logout() {
    browser.findElement(By.id("logout")).click();
    waiting().until(d -> !d.findElements(By.id("login-form")).isEmpty());
  }

  static List<String> texts(String css) {
    return Browser.texts(browser, css);
  }

  static void screenshot(String name) throws Exception {
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Path target = Files.createDirectories(Path.of("target", "screenshots")).resolve(name);
    Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
    if (Boolean.getBoolean("console.docs")) {
      Files.copy(shot, Path.of("..", "docs", name), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Test
  @Order(1)
  void countyTeamWorksItsCasesLiveAndTheBureauSeesEveryCounty() throws Exception {
    long t0 = System.nanoTime();
    login("hanbin");
    // the overview and the case list show Hanbin only
    assertThat(texts("#county-table tbody tr td:first-child")).containsExactly("Hanbin");
    browser.get(fx.url("/#/cases"));
    waiting().until(d -> !d.findElements(By.cssSelector("#case-table tr[data-case-id]")).isEmpty());
    assertThat(texts("#case-table td.county")).containsExactly("Hanbin");
    String hanbinCase = script.caseId(HANBIN_SO2);
    assertThat(
            browser.findElements(By.cssSelector("#case-table tr[data-case-id]")).stream()
                .map(e -> e.getAttribute("data-case-id")))
        .containsExactly(hanbinCase);

    // a SEVERE case published while the page is open appears without a reload, highlighted
    ((JavascriptExecutor) browser).executeScript("window.notReloaded = true;");
    List<CaseEvent> opened;
    synchronized (script) {
      opened = script.breach(HANBIN_NEW, "Hanbin", Domain.EMISSION, Severity.MAJOR, 2, 108.5);
    }
    long published = System.nanoTime();
    fx.publish(script, opened);
    String newCase = script.caseId(HANBIN_NEW);
    By newRow = By.cssSelector("#case-table tr[data-case-id='" + newCase + "']");
    waiting().until(d -> !d.findElements(newRow).isEmpty());
    long shownMillis = (System.nanoTime() - published) / 1_000_000;
    System.out.printf("new case shown %d ms after its commit in Kafka%n", shownMillis);
    assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded;"))
        .isEqualTo(true);
    assertThat(browser.findElement(newRow).getAttribute("class")).contains("flash");
    assertThat(texts("#case-table td.county")).containsExactly("Hanbin", "Hanbin");

    // the detail shows the evidence with units
    browser.findElement(By.linkText(newCase)).click();
    waiting().until(d -> !d.findElements(By.id("evidence-value")).isEmpty());
    assertThat(browser.findElement(By.id("evidence-value")).getText()).isEqualTo("108.5 mg/m3");
    assertThat(browser.findElement(By.id("evidence-limit")).getText()).isEqualTo("35 mg/m3");
    assertThat(browser.findElement(By.id("case-status")).getText()).isEqualTo("待处理");
    // the outlet's hourly values from InfluxDB, charted against the limit, and the conversion
    waiting().until(d -> !d.findElements(By.id("conv-converted")).isEmpty());
    assertThat(((JavascriptExecutor) browser).executeScript("return window.mwChartHours;"))
        .isEqualTo(6L);
    assertThat(browser.findElements(By.cssSelector("#chart canvas"))).isNotEmpty();
    assertThat(browser.findElement(By.id("conv-raw")).getText()).isEqualTo("86.8 mg/m3");
    assertThat(browser.findElement(By.id("conv-o2")).getText()).isEqualTo("9 %");
    assertThat(browser.findElement(By.id("conv-ref")).getText()).isEqualTo("6 %");
    assertThat(browser.findElement(By.id("conv-converted")).getText()).isEqualTo("108.5 mg/m3");

    // acknowledge: the state shown is the case manager's answer
    browser.findElement(By.id("act-ack")).click();
    waiting().until(d -> d.findElement(By.id("case-status")).getText().equals("已签收"));
    waiting().until(d -> d.findElement(By.id("action-result")).getText().equals("已处理: 已签收"));
    // close with an outcome
    new Select(browser.findElement(By.id("close-outcome"))).selectByValue("CONFIRMED_VIOLATION");
    browser.findElement(By.id("act-close")).click();
    waiting().until(d -> d.findElement(By.id("case-status")).getText().equals("已结案"));
    assertThat(texts("#timeline li b")).containsExactly("立案", "已签收", "已结案");
    ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0);");
    screenshot("console-case.png");
    assertThat(fx.actions())
        .extracting(CaseAction::caseId, CaseAction::actor)
        .containsOnly(org.assertj.core.groups.Tuple.tuple(newCase, "hanbin"));
    logout();

    // the bureau sees every county
    login("duty");
    assertThat(texts("#county-table tbody tr td:first-child")).containsExactly("Hanbin", "Xunyang");
    assertThat(browser.findElement(By.id("open-count")).getText()).isEqualTo("2");
    screenshot("console-overview.png");
    browser.findElement(By.id("lang")).click();
    waiting().until(d -> d.findElement(By.cssSelector("nav a")).getText().equals("Overview"));
    // while the overview is open Xunyang's case escalates to MAJOR: its row tops the live feed and
    // the county table counts it MAJOR or worse, without a reload
    ((JavascriptExecutor) browser).executeScript("window.stillOpen = true;");
    List<CaseEvent> escalated;
    synchronized (script) {
      escalated = script.breach(XUNYANG_SO2, "Xunyang", Domain.EMISSION, Severity.MAJOR, 2, 60.0);
    }
    fx.publish(script, escalated);
    By xunyangRow = By.cssSelector("#county-table tr[data-county='Xunyang'] td");
    waiting()
        .until(
            d ->
                texts("#feed li:first-child b").equals(List.of("ESCALATED"))
                    && d.findElements(xunyangRow).get(3).getText().equals("1"));
    assertThat(texts("#feed li:first-child a")).containsExactly(script.caseId(XUNYANG_SO2));
    assertThat(browser.findElement(By.cssSelector("#feed li:first-child")).getAttribute("class"))
        .contains("flash");
    assertThat(texts("#county-table tr[data-county='Xunyang'] td"))
        .containsExactly("Xunyang", "1", "0", "1", "Emission 1");
    assertThat(browser.findElement(By.id("open-count")).getText()).isEqualTo("2");
    assertThat(((JavascriptExecutor) browser).executeScript("return window.stillOpen;"))
        .isEqualTo(true);
    System.out.printf("browser scenario took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
  }

  /** After the first test: its SEVERE SO2 case of the heating plant is closed. */
  @Test
  @Order(2)
  void enterprisePageShowsMetersLimitsInForceSevenDaysOfValuesAndCases() throws Exception {
    List<CaseEvent> nox;
    synchronized (script) {
      nox = script.breach(HEATING_NOX, "Hanbin", Domain.EMISSION, Severity.WARNING, 4, 47.0);
    }
    fx.publish(script, nox);
    String noxCase = script.caseId(HEATING_NOX);
    String closedCase = script.caseId(HANBIN_NEW);
    login("hanbin");
    // the first test switched the language to English; the page says it in English
    browser.get(fx.url("/#/enterprise/" + HEATING));
    waiting().until(d -> !d.findElements(By.cssSelector("#open-cases tr[data-case-id]")).isEmpty());
    assertThat(browser.findElement(By.id("enterprise-name")).getText()).isEqualTo("Hanbin Heating");
    assertThat(browser.findElement(By.id("enterprise-county")).getText())
        .isEqualTo("Hanbin District");
    // the latest hourly value is hour 5 (2026-03-10 05:00Z): limits of that local day
    assertThat(browser.findElement(By.id("limits-on")).getText()).isEqualTo("2026-03-10");
    assertThat(texts("#outlet-table tr[data-outlet='DA002'] td"))
        .containsExactly(
            "DA002",
            "boiler stack",
            "Flue gas",
            "MN0003",
            "ultra-low-coal-power",
            "6 %",
            "particulate matter 10 mg/m3 · SO2 35 mg/m3 · NOx 45 mg/m3 (outlet override)");
    assertThat(texts("#meter-table tr[data-meter] td"))
        .containsExactly("MN0004", "Carrier", "e01001", "kWh");
    assertThat(attributes("#open-cases tr[data-case-id]", "data-case-id")).containsExactly(noxCase);
    assertThat(attributes("#recent-cases tr[data-case-id]", "data-case-id"))
        .containsExactly(closedCase);
    assertThat(texts("#recent-cases tr[data-case-id] td.status")).containsExactly("CLOSED");
    // the last 7 days of hourly values per limited parameter: SO2 has the six hours
    waiting()
        .until(
            d ->
                ((JavascriptExecutor) d).executeScript("return window.mwEnterpriseCharts;")
                    != null);
    assertThat(attributes("#enterprise-charts .mini-chart", "id"))
        .containsExactly("chart-DA002-a34013", "chart-DA002-a21026", "chart-DA002-a21002");
    assertThat(attributes("#enterprise-charts .mini-chart", "data-hours"))
        .containsExactly("0", "6", "0");
    assertThat(browser.findElements(By.cssSelector("#chart-DA002-a21026 canvas"))).isNotEmpty();
    screenshot("console-enterprise.png");
    logout();

    // the API behind it: no meter password, another county is refused
    ConsoleFixture.Http hanbin = fx.http();
    hanbin.login("hanbin", ConsoleFixture.PASSWORD);
    var answer = hanbin.get("/api/enterprises/" + HEATING);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("\"limit\":45.0").doesNotContain("503127", "assword");
    ConsoleFixture.Http xunyang = fx.http();
    xunyang.login("xunyang", ConsoleFixture.PASSWORD);
    assertThat(xunyang.get("/api/enterprises/" + HEATING).statusCode()).isEqualTo(403);
    assertThat(xunyang.get("/api/enterprises/91610902MA60000049").statusCode()).isEqualTo(404);
  }

  @Test
  @Order(3)
  void healthPageShowsTheBridgeTheJobsLagAndDeadLettersByReason() throws Exception {
    // 3 good readings, 2 from a meter the registry does not know, 1 with a broken CRC
    MqttClient meter = new MqttClient(mqtt.url(), "console-test-meter", new MemoryPersistence());
    meter.connect();
    for (int h = 0; h < 3; h++) {
      publish(meter, "MN0003", hourlyPacket("MN0003", "503127", h));
    }
    publish(meter, "MN9999", hourlyPacket("MN9999", "503127", 0));
    publish(meter, "MN9999", hourlyPacket("MN9999", "503127", 1));
    String good = hourlyPacket("MN0003", "503127", 4);
    publish(meter, "MN0003", good.substring(0, good.length() - 6) + "0000\r\n");
    meter.disconnect();
    meter.close();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (bridge.metrics().received() < 6 || bridge.metrics().inFlight() > 0) {
      assertThat(System.nanoTime()).as("bridge received 6").isLessThan(deadline);
      Thread.sleep(100);
    }
    // the job's group has committed 1 of the 3 readings: lag 2
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, fx.kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, JOB_GROUP);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    try (KafkaConsumer<String, byte[]> job = new KafkaConsumer<>(p)) {
      job.commitSync(
          java.util.Map.of(
              new TopicPartition(READINGS, 0),
              new org.apache.kafka.clients.consumer.OffsetAndMetadata(1)));
    }

    login("duty");
    browser.get(fx.url("/#/health"));
    // the console polls every 5 s and the page redraws as often
    waiting()
        .until(
            d ->
                !d.findElements(By.id("dead-total")).isEmpty()
                    && d.findElement(By.id("dead-total")).getText().equals("3")
                    && d.findElement(By.id("job-lag")).getText().equals("2")
                    && d.findElement(By.cssSelector("#bridge-table td.received"))
                        .getText()
                        .equals("6"));
    assertThat(texts("#bridge-table td.state")).containsExactly("UP");
    assertThat(texts("#bridge-table td.forwarded")).containsExactly("3");
    assertThat(texts("#bridge-table td.rejected")).containsExactly("CRC_MISMATCH 1 · UNKNOWN_MN 2");
    assertThat(browser.findElement(By.id("job-state")).getText()).isEqualTo("CONSUMING");
    assertThat(browser.findElement(By.id("job-offsets")).getText()).isEqualTo("1 / 3");
    assertThat(texts("#dead-letters tr[data-reason] td"))
        .containsExactly("CRC_MISMATCH", "1", "UNKNOWN_MN", "2");
    screenshot("console-health.png");
    logout();
  }

  /**
   * The registry page, on versions published to the registry topic the console follows while it
   * runs: version 1 (the test registry, by ops), version 2 (NOx of the boiler stack 40 instead of
   * 45, and a third county, by li), a record of another tool and a version 3 that does not validate
   * (by mallory).
   */
  @Test
  @Order(4)
  void registryPageShowsTheVersionInForceItsHistoryAndTheDiffButNoPassword() throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fx.kafka.bootstrapServers());
    RegistryTopic topic = new RegistryTopic(p, "registry", Duration.ofSeconds(20));
    topic.ensureTopic();
    String v2 =
        REGISTRY
            .replace("{parameter: a21002, value: 45}", "{parameter: a21002, value: 40}")
            .replace(
                "  - {id: Xunyang, nameZh: 旬阳市, nameEn: Xunyang City}\n",
                "  - {id: Xunyang, nameZh: 旬阳市, nameEn: Xunyang City}\n"
                    + "  - {id: Ziyang, nameZh: 紫阳县, nameEn: Ziyang County}\n");
    assertThat(v2).contains("value: 40", "Ziyang");
    topic.publish(REGISTRY, "ops", Instant.parse("2026-12-01T02:00:00Z"));
    RegistryVersion second = topic.publish(v2, "li", Instant.parse("2026-12-05T08:30:00Z"));
    fx.producer.send(new ProducerRecord<>("registry", "x", "not json".getBytes())).get();
    RegistryVersion bad =
        RegistryVersion.of(3, "mallory", Instant.parse("2026-12-06T01:15:00Z"), "counties: 7\n");
    fx.producer.send(new ProducerRecord<>("registry", RegistryVersion.key(3), bad.toJson())).get();

    login("guest");
    browser.get(fx.url("/#/registry"));
    waiting()
        .until(
            d ->
                !d.findElements(By.cssSelector("#registry-table tr[data-version='3']")).isEmpty()
                    && !d.findElements(By.cssSelector("#diff li")).isEmpty());
    // the first test switched the language to English; times in Asia/Shanghai
    assertThat(browser.findElement(By.id("in-force-version")).getText()).isEqualTo("2");
    assertThat(texts("#in-force dd"))
        .containsExactly(
            "2", "05/12/2026, 16:30 (Asia/Shanghai)", "li", second.sha256(), "3 · 1 · 1 · 2");
    assertThat(texts("#registry-table tr[data-version] td:nth-child(1)"))
        .containsExactly("1", "2", "3");
    assertThat(texts("#registry-table tr[data-version] td:nth-child(2)"))
        .containsExactly("01/12/2026, 10:00", "05/12/2026, 16:30", "06/12/2026, 09:15");
    assertThat(texts("#registry-table tr[data-version] td:nth-child(3)"))
        .containsExactly("ops", "li", "mallory");
    assertThat(texts("#registry-table tr[data-version] td:nth-child(6)"))
        .containsExactly("2", "3", "");
    assertThat(texts("#registry-table tr[data-version] td.state"))
        .containsExactly(
            "applied",
            "applied",
            "document does not validate: 2 errors, first: registry version 3: registry: field"
                + " 'counties': must be a list, got '7'");
    assertThat(browser.findElement(By.id("unreadable")).getText())
        .isEqualTo("Unreadable records: 1");
    // what changed from version 1 to 2, as `meterwatch registry diff @1 @2` prints it
    assertThat(texts("#diff li"))
        .containsExactly(
            "+ county Ziyang: 紫阳县 Ziyang County",
            "~ limit 91610902MA60000030 DA002 a21002: 45.0 -> 40.0");
    // the documents hold the meters' passwords: the page never has them
    assertThat(browser.getPageSource()).doesNotContain("503127", "881265", "assword");
    logout();
  }

  /** An HJ 212 hourly packet of SO2 for hour {@code h} of 2026-03-10 (local time). */
  static String hourlyPacket(String mn, String password, int h) {
    String time = String.format("20260310%02d0000", h);
    return Hj212Codec.frame(
        "QN="
            + time
            + "000;ST=31;CN=2061;PW="
            + password
            + ";MN="
            + mn
            + ";Flag=4;CP=&&DataTime="
            + time
            + ";a21026-Avg=20.0,a21026-Flag=N&&");
  }

  static void publish(MqttClient c, String mn, String payload) throws Exception {
    c.publish("meters/" + mn + "/data", payload.getBytes(StandardCharsets.US_ASCII), 1, false);
  }

  static List<String> attributes(String css, String attribute) {
    return browser.findElements(By.cssSelector(css)).stream()
        .map(e -> e.getAttribute(attribute))
        .toList();
  }
}
