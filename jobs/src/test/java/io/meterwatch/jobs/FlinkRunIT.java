package io.meterwatch.jobs;

import static io.meterwatch.connectors.influx.InfluxTesting.rows;
import static io.meterwatch.core.testing.Fixtures.CAL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterwatch.connectors.kafka.CommittedTopicReader;
import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseJson;
import io.meterwatch.core.input.RejectedInputException;
import io.meterwatch.core.model.Reading;
import io.meterwatch.devservices.EmbeddedKafka;
import io.meterwatch.devservices.InfluxdProcess;
import io.meterwatch.jobs.cases.CasePipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded job jar on a real standalone Flink 2.2 session cluster, submitted with Flink's own
 * command-line front end exactly as an operator does ({@code flink run -d -m HOST:PORT
 * meterwatch-jobs-*-job.jar --kafka ... --influx-url ... --registry ...}; docs/operations.md): a
 * JobManager and a TaskManager JVM whose class path holds Flink only ({@link
 * FlinkStandaloneCluster}), a real Kafka broker and a real influxd.
 *
 * <p>Input: the kiln of {@link MonitoringJobTest#scenario()} (NOx 300, SO2 100 mg/m3 at the
 * reference O2, 2025-06-30 23:00 – 2025-07-01 01:43:30 every 30 s), one reading of an unknown meter
 * and one record that is not JSON, on {@code meter.readings}. The registry file holds that kiln
 * only: GB 4915-2013, NOx permit limit 320 until 30 June and 260 from 1 July. Hand-computed results
 * (the same lines as {@link MonitoringJobTest#EXPECTED_RULE_EVENTS}): the hours 23:00 and 00:00
 * close (the watermark stands at 01:41:30), NOx 300 against 320 then against 260: exactly one E1
 * breach (multiple (300 − 260) / 260 = 0.153846), one E1 case opened on {@code alerts}, eight
 * hourly values in InfluxDB and two dead letters. Then {@code flink cancel} ends the job.
 *
 * <p>Needs the packaged job jar and the class path files of {@code mvn package}: run by
 * maven-failsafe-plugin in {@code mvn verify}.
 */
class FlinkRunIT {
  static final String DB = "meterwatch_flinkrun";
  private static final Duration RESULTS_TIMEOUT = Duration.ofMinutes(3);

  /** The kiln of {@link TestCity} as a registry file, as an operator would write it. */
  static final String REGISTRY =
      registry("FlinkRunIT", Map.of(TestCity.KILN, TestCity.KILN_OUTLET));

  /**
   * A registry file of {@code city}: the cement plant of {@link TestCity} with one kiln stack per
   * entry of {@code kilns} (MN to outlet id), each under GB 4915-2013 with the NOx permit limit 320
   * until 30 June 2025 and 260 from 1 July.
   */
  static String registry(String city, Map<String, String> kilns) {
    StringBuilder outlets = new StringBuilder();
    new TreeMap<>(kilns)
        .forEach(
            (mn, outlet) ->
                outlets.append(
                    """
                          - id: %s
                            name: kiln tail stack
                            medium: FLUE_GAS
                            mn: %s
                            standard: GB4915-2013
                            limitVersions:
                              - {parameter: a21002, value: 320, to: 2025-07-01}
                              - {parameter: a21002, value: 260, from: 2025-07-01}
                    """
                        .formatted(outlet, mn)));
    return """
        city: %s
        counties:
          - {id: hanbin, nameZh: 汉滨区, nameEn: Hanbin District}
        enterprises:
          - creditCode: %s
            name: 安康汉江水泥有限公司
            nameEn: Ankang Hanjiang Cement Co., Ltd.
            county: hanbin
            industry: cement
            outlets:
        """
            .formatted(city, TestCity.ENTERPRISE)
        + outlets;
  }

  /** E1 lines of the kiln from the MiniCluster test's hand-computed results. */
  static List<String> expectedE1() {
    return MonitoringJobTest.EXPECTED_RULE_EVENTS.stream()
        .filter(l -> l.startsWith("E1|" + TestCity.KILN_OUTLET + "|"))
        .sorted()
        .toList();
  }

  /**
   * Every rule event of the run (docs/rules.md), sorted: the E1 lines above; D2 judges each of the
   * 8 closed hourly values valid (60 ≥ 45 minutes); D3 judges the local day 30 June (closed at
   * midnight) with no flagged hour against 0.10 × 24 h; D4 finds each of the four constant
   * parameters unchanged for 60 min at the 00:00 reading (episode from 23:00, value = the
   * constant). The 01:00 hour and 1 July stay open (the watermark stands at 01:41:30).
   */
  static List<String> expectedRuleEvents() {
    List<String> lines = new ArrayList<>(expectedE1());
    String[][] kiln = {{"a00000", "50"}, {"a19001", "10"}, {"a21002", "300"}, {"a21026", "100"}};
    for (String[] p : kiln) {
      for (String hour : List.of("2025-06-30T23:00", "2025-07-01T00:00")) {
        lines.add(
            "D2|kiln-DA001|%s|%s|false|INFO|60.000000|45.0|null|60|data verification"
                .formatted(p[0], hour));
      }
      lines.add(
          "D4|kiln-DA001|%s|2025-06-30T23:00|true|WARNING|%s.000000|60.0|null|null|data verification"
              .formatted(p[0], p[1]));
    }
    lines.add(
        "D3|kiln-DA001|-|2025-06-30T00:00|false|INFO|0.000000|"
            + (0.10 * 24)
            + "|null|0|data verification");
    lines.sort(null);
    return lines;
  }

  /**
   * The case events of the run, as {@link #caseLine}s, sorted: the four flat parameters are one D4
   * case about the outlet, opened by NOx (the first parameter of the 00:00 reading); the other
   * three join it within the hour, which publishes no UPDATED.
   */
  static final List<String> EXPECTED_CASES =
      List.of(
          "D4|a21002|OPENED|OPEN|WARNING|2025-07-01T00:00|2025-06-30T23:00|300.0|60.0",
          "E1|a21002|OPENED|OPEN|MAJOR|2025-07-01T01:00|2025-07-01T00:00|300.0|260.0");

  /** The hourly values of the run, as {@link #hourlyLines}. */
  static final List<String> EXPECTED_HOURLY =
      List.of(
          "a00000|2025-06-30T23:00|true|50.000000|60",
          "a00000|2025-07-01T00:00|true|50.000000|60",
          "a19001|2025-06-30T23:00|true|10.000000|60",
          "a19001|2025-07-01T00:00|true|10.000000|60",
          "a21002|2025-06-30T23:00|true|300.000000|60",
          "a21002|2025-07-01T00:00|true|300.000000|60",
          "a21026|2025-06-30T23:00|true|100.000000|60",
          "a21026|2025-07-01T00:00|true|100.000000|60");

  /** rule|parameters|type|status|severity|local event time|local window start|value|limit */
  static String caseLine(CaseEvent c) {
    return String.join(
        "|",
        c.rule(),
        c.parametersText(),
        c.type().name(),
        String.valueOf(c.status()),
        String.valueOf(c.severity()),
        CAL.local(c.eventTime()).toString(),
        CAL.local(c.evidence().windowStart()).toString(),
        String.valueOf(c.evidence().value()),
        String.valueOf(c.evidence().limit()));
  }

  @Test
  void shadedJobJarRunsOnAStandaloneClusterSubmittedWithFlinkRun(@TempDir Path tmp)
      throws Exception {
    long started = System.nanoTime();
    Path jobJar = Path.of(requiredProperty("meterwatch.jobJar"));
    assertThat(jobJar).as("the shaded job jar (mvn package -pl jobs)").isRegularFile();
    List<Path> flinkClasspath =
        FlinkStandaloneCluster.classpathFromFiles(
            requiredProperty("meterwatch.flinkClasspath"),
            requiredProperty("meterwatch.flinkClasspathExtras"));
    assertThat(flinkClasspath)
        .as("the cluster's class path is Flink's, without meterwatch")
        .noneMatch(p -> p.getFileName().toString().startsWith("meterwatch"))
        .anyMatch(p -> p.getFileName().toString().startsWith("flink-runtime-2.2"));
    assertThat(parentFirstClassesAlsoOn(jobJar, flinkClasspath))
        .as(
            "classes in the job jar that the cluster already has and loads parent-first"
                + " (they would be ignored: mark their dependency provided)")
        .isEmpty();

    List<Reading> readings =
        MonitoringJobTest.scenario().stream()
            .filter(r -> r.mn().equals(TestCity.KILN) || r.mn().equals(TestCity.UNKNOWN))
            .toList();
    Path registry = Files.writeString(tmp.resolve("registry.yaml"), REGISTRY);

    // Kafka and influxd bind their ports before the cluster starts: the cluster's JVMs take
    // OS-assigned ports while they start, and one of them once took the port just picked for
    // Kafka's controller (Kafka then exits the test JVM).
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().start();
        InfluxdProcess influx = InfluxdProcess.startDefault();
        FlinkStandaloneCluster flink = FlinkStandaloneCluster.launch(flinkClasspath, 2)) {
      // One partition each: every reading of the kiln lands on one partition anyway; a second,
      // empty one would only hold the watermark back for the idleness timeout.
      kafka.createTopic("meter.readings", 1);
      kafka.createTopic(CasePipeline.ACTIONS_TOPIC, 1);
      // Default retention (7 days): the job stamps its records with the time it produces them
      // (ProduceTimeRecords), so case events about 2025 data are not deleted at once.
      kafka.createTopic(CasePipeline.ALERTS_TOPIC, 1);
      kafka.createTopic(CasePipeline.CASES_TOPIC, 1, Map.of("cleanup.policy", "compact"));
      kafka.createTopic("meter.readings.dlq", 1);
      MonitoringJobTest.produce(kafka, "meter.readings", readings);
      flink.awaitSlots(Duration.ofMinutes(3));

      FlinkStandaloneCluster.CliResult run =
          flink.flink(
              Duration.ofMinutes(3),
              "run",
              "-d",
              "-m",
              flink.restAddress(),
              jobJar.toString(),
              "--kafka",
              kafka.bootstrapServers(),
              "--influx-url",
              influx.url(),
              "--influx-db",
              DB,
              "--registry",
              registry.toString(),
              "--checkpoint-interval",
              "2s",
              "--group-id",
              "flinkrun-it");
      assertThat(run.exitCode()).as("flink run output:\n%s", run.output()).isZero();
      String jobId = run.jobId();

      Supplier<String> diagnostics = () -> flink.jobDiagnostics(jobId);
      // Results are committed with checkpoints (alerts exactly-once, InfluxDB flushed before each
      // checkpoint completes): wait for all of them, then two more checkpoints for anything extra.
      awaitUntil(
          () ->
              ruleEventLines(influx).size() >= expectedRuleEvents().size()
                  && caseEvents(kafka).size() >= EXPECTED_CASES.size()
                  && hourlyRows(influx).size() >= 8
                  && deadLetters(kafka).size() >= 2,
          flink,
          jobId,
          diagnostics);
      long completed = flink.completedCheckpoints(jobId);
      awaitUntil(
          () -> flink.completedCheckpoints(jobId) >= completed + 2, flink, jobId, diagnostics);

      List<String> ruleEvents = ruleEventLines(influx);
      assertThat(ruleEvents.stream().filter(l -> l.startsWith("E1|")))
          .as(diagnostics)
          .isEqualTo(expectedE1());
      assertThat(ruleEvents).as(diagnostics).isEqualTo(expectedRuleEvents());
      List<CaseEvent> cases = caseEvents(kafka);
      assertThat(cases.stream().map(FlinkRunIT::caseLine).sorted())
          .containsExactlyElementsOf(EXPECTED_CASES);
      CaseEvent e1 = cases.stream().filter(c -> c.rule().equals("E1")).findFirst().orElseThrow();
      assertThat(e1.subject()).isEqualTo(TestCity.KILN_OUTLET);
      assertThat(e1.enterpriseName()).isEqualTo("安康汉江水泥有限公司");
      assertThat(e1.evidence().multiple()).isCloseTo(40.0 / 260.0, within());
      assertThat(e1.evidence().validCount()).isEqualTo(60);
      assertThat(hourlyLines(influx)).containsExactlyElementsOf(EXPECTED_HOURLY);
      assertThat(deadLetters(kafka)).containsExactly("BAD_JSON", "UNKNOWN_MN");

      FlinkStandaloneCluster.CliResult cancel =
          flink.flink(Duration.ofMinutes(2), "cancel", "-m", flink.restAddress(), jobId);
      assertThat(cancel.exitCode()).as("flink cancel output:\n%s", cancel.output()).isZero();
      assertThat(cancel.output()).contains("Cancelled job " + jobId);
      awaitUntil(() -> flink.jobState(jobId).equals("CANCELED"), flink, null, diagnostics);
      assertThat(flink.isRunning()).as("JobManager and TaskManager still up after cancel").isTrue();
    }
    System.out.printf(
        Locale.ROOT,
        "FlinkRunIT: cluster start, flink run, results, cancel, shutdown in %.1f s%n",
        (System.nanoTime() - started) / 1e9);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }

  static String requiredProperty(String name) {
    String v = System.getProperty(name);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(
          "system property "
              + name
              + " is not set: run this test with maven-failsafe-plugin (mvn verify in jobs),"
              + " which sets it (jobs/pom.xml)");
    }
    return v;
  }

  /**
   * Classes of the job jar that Flink loads parent-first ({@code org.apache.flink.}, logging; see
   * {@code classloader.parent-first-patterns.default}) and that are on the cluster class path too.
   */
  static Set<String> parentFirstClassesAlsoOn(Path jobJar, List<Path> classpath)
      throws IOException {
    List<String> parentFirst =
        List.of(
            "org/apache/flink/",
            "org/slf4j/",
            "org/apache/log4j/",
            "org/apache/logging/",
            "org/apache/commons/logging/",
            "ch/qos/logback/",
            "com/esotericsoftware/kryo/");
    Set<String> inJob = new TreeSet<>();
    try (JarFile jar = new JarFile(jobJar.toFile())) {
      jar.stream()
          .map(JarEntry::getName)
          .filter(n -> n.endsWith(".class") && parentFirst.stream().anyMatch(n::startsWith))
          .forEach(inJob::add);
    }
    Set<String> clash = new TreeSet<>();
    for (Path p : classpath) {
      try (JarFile jar = new JarFile(p.toFile())) {
        jar.stream().map(JarEntry::getName).filter(inJob::contains).forEach(clash::add);
      }
    }
    return clash;
  }

  /** Rule events in InfluxDB as {@link MonitoringJobTest#line} lines, sorted. */
  static List<String> ruleEventLines(InfluxdProcess influx) throws IOException {
    List<String> out = new ArrayList<>();
    for (Map<String, JsonNode> r : ruleEventRows(influx)) {
      out.add(
          String.join(
              "|",
              text(r, "rule"),
              text(r, "outlet"),
              text(r, "parameter"),
              CAL.local(Instant.ofEpochMilli(r.get("window_start_ms").asLong())).toString(),
              text(r, "breach"),
              text(r, "severity"),
              decimal(r.get("value")),
              r.get("limit") == null || r.get("limit").isNull()
                  ? "null"
                  : String.valueOf(r.get("limit").asDouble()),
              decimal(r.get("multiple")),
              text(r, "valid_count"),
              text(r, "standard")));
    }
    out.sort(null);
    return out;
  }

  /**
   * A column of a row as text; "null" also for a column the measurement does not have yet (the test
   * polls while the job writes, and the first points written may lack a field).
   */
  private static String text(Map<String, JsonNode> row, String column) {
    JsonNode n = row.get(column);
    return n == null || n.isNull() ? "null" : n.asText();
  }

  private static String decimal(JsonNode n) {
    return n == null || n.isNull() ? "null" : String.format(Locale.ROOT, "%.6f", n.asDouble());
  }

  private static List<Map<String, JsonNode>> ruleEventRows(InfluxdProcess influx)
      throws IOException {
    return queryOrEmpty(influx, "SELECT * FROM rule_event");
  }

  private static List<Map<String, JsonNode>> hourlyRows(InfluxdProcess influx) throws IOException {
    return queryOrEmpty(influx, "SELECT * FROM hourly_value");
  }

  /** Hourly values of the kiln: parameter|local hour|valid|value|valid minutes, sorted. */
  static List<String> hourlyLines(InfluxdProcess influx) throws IOException {
    return hourlyLines(influx, TestCity.KILN_OUTLET);
  }

  /** The same, of a run whose every hourly value is of {@code outlet}. */
  static List<String> hourlyLines(InfluxdProcess influx, String outlet) throws IOException {
    String prefix = outlet + "|";
    List<String> lines = hourlyLinesOfEveryOutlet(influx, DB);
    assertThat(lines).allMatch(l -> l.startsWith(prefix));
    return lines.stream().map(l -> l.substring(prefix.length())).toList();
  }

  /**
   * Hourly values in database {@code db}: outlet|parameter|local hour|valid|value|valid minutes,
   * sorted.
   */
  static List<String> hourlyLinesOfEveryOutlet(InfluxdProcess influx, String db)
      throws IOException {
    List<String> out = new ArrayList<>();
    for (Map<String, JsonNode> r : queryOrEmpty(influx, db, "SELECT * FROM hourly_value")) {
      out.add(
          String.format(
              Locale.ROOT,
              "%s|%s|%s|%s|%.6f|%d",
              r.get("outlet").asText(),
              r.get("parameter").asText(),
              CAL.local(Instant.parse(r.get("time").asText())),
              r.get("valid").asText(),
              r.get("value").asDouble(),
              r.get("valid_count").asLong()));
    }
    out.sort(null);
    return out;
  }

  /** Rows of a query; empty while the database does not exist yet (the job creates it). */
  private static List<Map<String, JsonNode>> queryOrEmpty(InfluxdProcess influx, String q)
      throws IOException {
    return queryOrEmpty(influx, DB, q);
  }

  /** The same in database {@code db}. */
  static List<Map<String, JsonNode>> queryOrEmpty(InfluxdProcess influx, String db, String q)
      throws IOException {
    try {
      return rows(influx, db, q);
    } catch (IOException e) {
      if (e.getMessage().contains("database not found")) {
        return List.of();
      }
      throw e;
    }
  }

  static List<CaseEvent> caseEvents(EmbeddedKafka kafka) throws RejectedInputException {
    List<CaseEvent> out = new ArrayList<>();
    for (var r :
        CommittedTopicReader.readAll(
            kafka.bootstrapServers(), CasePipeline.ALERTS_TOPIC, Duration.ofSeconds(30))) {
      out.add(CaseJson.readEvent(r.value()));
    }
    return out;
  }

  /** Reason codes of the committed dead letters, sorted. */
  static List<String> deadLetters(EmbeddedKafka kafka) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    List<String> out = new ArrayList<>();
    for (var r :
        CommittedTopicReader.readAll(
            kafka.bootstrapServers(), "meter.readings.dlq", Duration.ofSeconds(30))) {
      out.add(mapper.readTree(r.value()).path("reason").asText());
    }
    out.sort(null);
    return out;
  }

  /** A condition that may throw (queries against the running services). */
  interface Check {
    boolean holds() throws Exception;
  }

  /**
   * Polls {@code check} every 500 ms until it holds; fails at once when the job (if given) has
   * failed, and after {@link #RESULTS_TIMEOUT} otherwise, with the diagnostics.
   */
  private static void awaitUntil(
      Check check, FlinkStandaloneCluster flink, String jobId, Supplier<String> diagnostics)
      throws Exception {
    awaitUntil(check, flink, jobId, RESULTS_TIMEOUT, diagnostics);
  }

  /** The same with another timeout. */
  static void awaitUntil(
      Check check,
      FlinkStandaloneCluster flink,
      String jobId,
      Duration timeout,
      Supplier<String> diagnostics)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!check.holds()) {
      if (jobId != null && Set.of("FAILED", "CANCELED").contains(flink.jobState(jobId))) {
        throw new AssertionError("the job ended before its results:\n" + diagnostics.get());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no results within " + timeout + ":\n" + diagnostics.get());
      }
      FlinkStandaloneCluster.sleep(500);
    }
  }
}
