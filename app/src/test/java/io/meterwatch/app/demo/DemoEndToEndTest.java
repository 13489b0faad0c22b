package io.meterwatch.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterwatch.connectors.kafka.CommittedTopicReader;
import io.meterwatch.console.Browser;
import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseEventType;
import io.meterwatch.core.cases.CaseJson;
import io.meterwatch.core.cases.CaseStatus;
import io.meterwatch.core.input.DeadLetter;
import io.meterwatch.core.json.DeadLetterJson;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.time.DurationText;
import io.meterwatch.core.time.LocalCalendar;
import io.meterwatch.jobs.cases.CasePipeline;
import io.meterwatch.simulator.Simulation;
import io.meterwatch.simulator.VirtualClock;
import io.meterwatch.simulator.manifest.Manifest;
import io.meterwatch.simulator.publish.MqttPublisher;
import io.meterwatch.simulator.publish.PayloadFormat;
import io.meterwatch.simulator.scenario.ScenarioLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The default scenario on the embedded stack, started exactly as {@code meterwatch demo} starts it
 * ({@link DemoStack} with {@link DemoStack.Settings#demo}): the cases opened in Kafka (read
 * committed) and in InfluxDB equal the simulator's ground-truth manifest, and every message the
 * manifest says must be rejected is in the dead-letter topic with its reason.
 *
 * <p>The whole scenario (3 simulated days, about 700 000 messages) is played as fast as the
 * pipeline takes it: 7–11 minutes on a 2-core machine, bounded by Moquette's in-flight window of 10
 * messages per subscriber times the bridge's Kafka round trip. {@code -De2e.played=12h} plays a
 * shorter prefix while working on the test; the manifest of that run lists what it must open.
 */
class DemoEndToEndTest {
  static final Duration PLAYED =
      System.getProperty("e2e.played") == null
          ? ScenarioLoader.loadDefault().duration()
          : DurationText.parse(System.getProperty("e2e.played"));
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void defaultScenarioOpensExactlyTheManifestsCasesAndDeadLettersItsRejections() throws Exception {
    SiteRegistry registry = RegistryLoader.loadDefault();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (DemoStack stack =
        DemoStack.start(
            DemoStack.Settings.demo(registry, null, null, null, 0),
            new PrintStream(log, true, StandardCharsets.UTF_8))) {
      Manifest manifest;
      long sent;
      try (PacedSink sink =
          new PacedSink(
              MqttPublisher.builder().url(stack.mqttUrl()).qos(1).build(),
              stack.bridge().metrics(),
              2_000)) {
        Simulation.Result r =
            Simulation.builder()
                .registry(registry)
                .scenario(ScenarioLoader.loadDefault())
                .format(PayloadFormat.HJ212)
                .sink(sink)
                .clock(VirtualClock.asFastAsPossible())
                .duration(PLAYED)
                .build()
                .run();
        manifest = r.manifest();
        sent = r.sent();
        assertThat(r.errors()).as("simulator send errors").isZero();
        awaitUntil(Duration.ofMinutes(3), () -> sink.behind() == 0);
      }
      assertThat(stack.bridge().metrics().received()).as("bridge received").isEqualTo(sent);

      Set<String> expected =
          manifest.expectedCases().stream()
              .map(Manifest.ExpectedCase::caseId)
              .collect(Collectors.toCollection(TreeSet::new));
      // Case events commit with checkpoints (5 s); wait until the opened set stops changing.
      Map<String, String> opened = new TreeMap<>();
      long stableSince = System.nanoTime();
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (System.nanoTime() < deadline
          && System.nanoTime() - stableSince < Duration.ofSeconds(20).toNanos()) {
        Map<String, String> now = openedInKafka(stack);
        if (!now.equals(opened)) {
          opened = now;
          stableSince = System.nanoTime();
        }
        Thread.sleep(1000);
      }

      Map<String, String> described = opened;
      Map<String, String> expectedDescribed =
          manifest.expectedCases().stream()
              .collect(
                  Collectors.toMap(
                      Manifest.ExpectedCase::caseId,
                      c -> c.key() + " (" + c.fault() + ")",
                      (a, b) -> a,
                      TreeMap::new));
      if (!opened.keySet().equals(expected)) {
        System.out.println(evidenceOfMissing(stack, manifest, opened.keySet()));
      }
      assertThat(opened.keySet())
          .as(
              () ->
                  "cases opened in Kafka versus the manifest; unexpected: "
                      + unexpected(described, expected)
                      + "; missing: "
                      + unexpected(expectedDescribed, described.keySet()))
          .containsExactlyInAnyOrderElementsOf(expected);
      // each case opens with the manifest's rule, severity, department, county and due time
      assertThat(openedFactsInKafka(stack, new LocalCalendar(java.time.ZoneId.of(manifest.zone()))))
          .as("rule, severity, department, county and due time of each opened case")
          .isEqualTo(manifest.expectedFacts());
      assertThat(openedInInflux(stack))
          .as("OPENED case events in InfluxDB")
          .containsExactlyInAnyOrderElementsOf(expected);

      TreeMap<String, Long> expectedReasons =
          manifest.expectedRejections().stream()
              .collect(
                  Collectors.groupingBy(
                      Manifest.ExpectedRejection::reason, TreeMap::new, Collectors.counting()));
      assertThat(deadLetterReasons(stack)).as("dead letters by reason").isEqualTo(expectedReasons);

      // The console of the stack answers with the demo's logins: the bureau sees every case,
      // the county login only its county's.
      DemoStack.DemoLogin bureau = stack.consoleLogins().get(0);
      DemoStack.DemoLogin county = stack.consoleLogins().get(1);
      long inCounty =
          countiesInKafka(stack).values().stream()
              .filter(c -> c.equalsIgnoreCase(county.role().county()))
              .count();
      assertThat(county.role().county()).isEqualTo("hanbin");
      awaitUntil(Duration.ofSeconds(10), () -> consoleCaseCount(stack, bureau) == expected.size());
      assertThat(consoleCaseCount(stack, bureau))
          .as("cases the bureau login sees in the console")
          .isEqualTo(expected.size());
      assertThat(consoleCaseCount(stack, county))
          .as("cases the county login sees in the console")
          .isEqualTo(inCounty);

      // The county team acknowledges one of its cases (not closed; nobody acknowledged any in the
      // demo) in the console: the demo's job, not the console, applies the action, and the case
      // page shows it once, with the team's name.
      ConsoleSession team = ConsoleSession.login(stack, county);
      JsonNode open = team.get("api/cases?limit=1").path("cases");
      assertThat(open.size()).as("cases of the county login not closed").isEqualTo(1);
      String caseId = open.get(0).path("caseId").asText();
      assertThat(timeline(team, caseId)).doesNotContain("ACKNOWLEDGED " + county.name());
      assertThat(team.post("api/cases/" + caseId + "/actions", "{\"type\":\"ACK\"}"))
          .as("POST ACK")
          .isEqualTo(202);
      awaitUntil(
          Duration.ofSeconds(60),
          () -> {
            try {
              return timeline(team, caseId).contains("ACKNOWLEDGED " + county.name());
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          });
      assertThat(timeline(team, caseId))
          .as("timeline of " + caseId + " after the team's ACK")
          .filteredOn(t -> t.startsWith("ACKNOWLEDGED"))
          .containsExactly("ACKNOWLEDGED " + county.name());

      // ... and closes it in a real browser (headless Chromium): the state the case page shows
      // is the demo job's answer
      ChromeDriver browser = Browser.start(Files.createTempDirectory("demo-browser"));
      try {
        Browser.login(
            browser,
            stack.console().url() + "login",
            county.name(),
            county.password(),
            Duration.ofSeconds(30));
        browser.get(stack.console().url() + "#/case/" + caseId);
        Browser.waiting(browser, Duration.ofSeconds(30))
            .until(d -> !d.findElements(By.id("close-outcome")).isEmpty());
        new Select(browser.findElement(By.id("close-outcome")))
            .selectByValue("CONFIRMED_VIOLATION");
        browser.findElement(By.id("act-close")).click();
        Browser.waiting(browser, Duration.ofSeconds(60))
            .until(d -> d.findElement(By.id("case-status")).getText().equals("已结案"));
      } finally {
        browser.quit();
      }
      assertThat(timeline(team, caseId))
          .as("timeline of " + caseId + " after the team's close")
          .filteredOn(t -> t.startsWith("ACKNOWLEDGED") || t.startsWith("CLOSED"))
          .containsExactly("ACKNOWLEDGED " + county.name(), "CLOSED " + county.name());
    }
  }

  /** A logged-in session of the demo's console, through its JSON API. */
  private record ConsoleSession(HttpClient http, String base, String cookie, String csrf) {

    static ConsoleSession login(DemoStack stack, DemoStack.DemoLogin login) throws Exception {
      HttpClient http = HttpClient.newHttpClient();
      String base = stack.console().url();
      HttpResponse<String> in =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "login"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "name="
                              + URLEncoder.encode(login.name(), StandardCharsets.UTF_8)
                              + "&password="
                              + URLEncoder.encode(login.password(), StandardCharsets.UTF_8)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      String cookie = in.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
      ConsoleSession noToken = new ConsoleSession(http, base, cookie, null);
      String csrf = noToken.get("api/me").path("csrf").asText();
      return new ConsoleSession(http, base, cookie, csrf);
    }

    JsonNode get(String path) throws Exception {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("GET " + path).isEqualTo(200);
      return JSON.readTree(r.body());
    }

    int post(String path, String json) throws Exception {
      return http.send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .header("Cookie", cookie)
                  .header("Content-Type", "application/json")
                  .header("X-CSRF-Token", csrf)
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .statusCode();
    }
  }

  /** Cases of every status that a login of the demo's console sees, through its JSON API. */
  private static long consoleCaseCount(DemoStack stack, DemoStack.DemoLogin login) {
    try {
      ConsoleSession session = ConsoleSession.login(stack, login);
      long total = 0;
      for (CaseStatus status : CaseStatus.values()) {
        total += session.get("api/cases?limit=1&status=" + status).path("total").asLong();
      }
      return total;
    } catch (Exception e) {
      throw new AssertionError("the demo's console did not answer: " + e, e);
    }
  }

  /** The event types of a case's timeline in the console, each with its actor. */
  private static List<String> timeline(ConsoleSession session, String caseId) throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode t : session.get("api/cases/" + caseId).path("timeline")) {
      out.add(t.path("type").asText() + " " + t.path("actor").asText(""));
    }
    return out;
  }

  /** The county of each case opened in the alert topic. */
  private static Map<String, String> countiesInKafka(DemoStack stack) throws Exception {
    Map<String, String> counties = new TreeMap<>();
    for (ConsumerRecord<String, byte[]> r :
        CommittedTopicReader.readAll(
            stack.kafkaBootstrap(), CasePipeline.ALERTS_TOPIC, Duration.ofSeconds(30))) {
      CaseEvent e = CaseJson.readEvent(r.value());
      if (e.type() == CaseEventType.OPENED) {
        counties.put(e.caseId(), e.county());
      }
    }
    return counties;
  }

  /** What InfluxDB holds around each missing case's window: its hourly values and rule events. */
  private static String evidenceOfMissing(DemoStack stack, Manifest manifest, Set<String> opened)
      throws Exception {
    StringBuilder b = new StringBuilder("evidence for the missing cases:\n");
    for (Manifest.ExpectedCase c : manifest.expectedCases()) {
      if (opened.contains(c.caseId())) {
        continue;
      }
      long from = java.time.OffsetDateTime.parse(c.windowStart()).toInstant().toEpochMilli();
      String where =
          String.format(
              "WHERE \"outlet\" = '%s' AND \"parameter\" = '%s' AND time >= %dms AND time < %dms",
              c.subject(),
              c.parameters().isEmpty() ? c.parameter() : c.parameters().get(0),
              from - 3_600_000L,
              from + 3 * 3_600_000L);
      b.append(c.caseId()).append(' ').append(c.key()).append('\n');
      b.append("  hourly_value: ")
          .append(stack.influxQuery("SELECT * FROM \"hourly_value\" " + where))
          .append('\n');
      b.append("  rule_event: ")
          .append(stack.influxQuery("SELECT * FROM \"rule_event\" " + where))
          .append('\n');
    }
    return b.toString();
  }

  /** The entries of {@code described} whose key is not in {@code ids}, one per line. */
  private static String unexpected(Map<String, String> described, Set<String> ids) {
    return described.entrySet().stream()
        .filter(e -> !ids.contains(e.getKey()))
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining("\n  ", "\n  ", "\n"));
  }

  /** Opened case ids in the alert topic, each with its rule, subject, parameter and time. */
  private static Map<String, String> openedInKafka(DemoStack stack) throws Exception {
    Map<String, String> ids = new TreeMap<>();
    for (ConsumerRecord<String, byte[]> r :
        CommittedTopicReader.readAll(
            stack.kafkaBootstrap(), CasePipeline.ALERTS_TOPIC, Duration.ofSeconds(30))) {
      CaseEvent e = CaseJson.readEvent(r.value());
      if (e.type() == CaseEventType.OPENED) {
        ids.put(
            e.caseId(), e.rule() + " " + e.subject() + " " + e.parameter() + " " + e.eventTime());
      }
    }
    return ids;
  }

  /** Opened case ids in the alert topic, each with its rule, severity, department, county, due. */
  private static Map<String, String> openedFactsInKafka(DemoStack stack, LocalCalendar cal)
      throws Exception {
    Map<String, String> facts = new TreeMap<>();
    for (ConsumerRecord<String, byte[]> r :
        CommittedTopicReader.readAll(
            stack.kafkaBootstrap(), CasePipeline.ALERTS_TOPIC, Duration.ofSeconds(30))) {
      CaseEvent e = CaseJson.readEvent(r.value());
      if (e.type() == CaseEventType.OPENED) {
        facts.put(e.caseId(), Manifest.openedFacts(e, cal));
      }
    }
    return facts;
  }

  private static List<String> openedInInflux(DemoStack stack) throws Exception {
    JsonNode series =
        JSON.readTree(
                stack.influxQuery(
                    "SELECT \"case_id\" FROM \"case_event\" WHERE \"type\" = 'OPENED'"))
            .path("results")
            .path(0)
            .path("series");
    List<String> ids = new ArrayList<>();
    for (JsonNode s : series) {
      for (JsonNode row : s.path("values")) {
        ids.add(row.path(1).asText());
      }
    }
    return ids;
  }

  private static TreeMap<String, Long> deadLetterReasons(DemoStack stack) throws Exception {
    DeadLetterJson json = new DeadLetterJson();
    TreeMap<String, Long> reasons = new TreeMap<>();
    for (ConsumerRecord<String, byte[]> r :
        CommittedTopicReader.readAll(
            stack.kafkaBootstrap(), DemoStack.DLQ_TOPIC, Duration.ofSeconds(30))) {
      DeadLetter d = json.read(r.value());
      reasons.merge(d.reason().name(), 1L, Long::sum);
    }
    return reasons;
  }

  private static void awaitUntil(Duration timeout, java.util.function.BooleanSupplier done)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
  }
}
