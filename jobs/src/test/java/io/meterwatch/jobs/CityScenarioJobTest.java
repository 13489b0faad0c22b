package io.meterwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseEventType;
import io.meterwatch.core.cases.CasePolicy;
import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.input.DeadLetter;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.time.LocalCalendar;
import io.meterwatch.jobs.cases.CasePipeline;
import io.meterwatch.jobs.cases.EnterpriseNames;
import io.meterwatch.simulator.Simulation;
import io.meterwatch.simulator.manifest.Manifest;
import io.meterwatch.simulator.publish.PayloadFormat;
import io.meterwatch.simulator.scenario.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole monitoring job (validity windows, E1, E2, L1, Q1, every detector D1–D10) and the case
 * manager over the simulated demo city, on a MiniCluster with bounded sources: the simulator's
 * messages are decoded as the bridge decodes them ({@link SimulatedCityFeed}), so what the job
 * reads is what it would read from {@code meter.readings}. Expectations come from the simulator's
 * ground-truth manifest, never from this test.
 */
class CityScenarioJobTest {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  static final SiteRegistry REGISTRY = RegistryLoader.loadDefault();

  /** One simulated month: the clean scenario's span replaced by 30 days from its start. */
  static final Duration MONTH = Duration.ofDays(30);

  /** What one run of the job produced. */
  record Run(
      SimulatedCityFeed.Result feed,
      List<RuleEvent> breaches,
      List<CaseEvent> caseEvents,
      List<DeadLetter> deadLetters,
      Duration wallTime) {

    Set<String> opened() {
      return caseEvents.stream()
          .filter(e -> e.type() == CaseEventType.OPENED)
          .map(CaseEvent::caseId)
          .collect(Collectors.toCollection(TreeSet::new));
    }

    List<RuleEvent> dataQualityBreaches() {
      return breaches.stream().filter(e -> e.domain() == Domain.DATA_QUALITY).toList();
    }
  }

  /**
   * The simulation played through the job and the case manager while it runs, every rule and
   * detector on.
   */
  static Run run(String name, Simulation.Builder simulation, Path dir) throws Exception {
    CollectingSink<RuleEvent> breaches = new CollectingSink<>(name + "-breaches");
    CollectingSink<CaseEvent> cases = new CollectingSink<>(name + "-cases");
    CollectingSink<DeadLetter> dead = new CollectingSink<>(name + "-dlq");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(SimulatedCityFeed.PARTITIONS);
    MonitoringSettings settings = MonitoringSettings.defaults();
    assertThat(settings.detectors().switches().toString()).isEqualTo("all");
    SimulatedCityFeed feed = SimulatedCityFeed.start(name, simulation, REGISTRY);
    MonitoringJob.Streams streams = MonitoringJob.build(env, feed.source(), REGISTRY, settings);
    // every judgement of a month would fill the heap: keep the breaches (what opens cases)
    streams.ruleEvents().filter(RuleEvent::breach).sinkTo(breaches);
    streams.deadLetters().sinkTo(dead);
    Path noActions = Files.writeString(dir.resolve(name + "-actions.json"), "");
    new CasePipeline(
            FileSource.forRecordStreamFormat(
                    new TextLineInputFormat(), new org.apache.flink.core.fs.Path(noActions.toUri()))
                .build(),
            cases,
            null,
            CasePolicy.defaults(),
            EnterpriseNames.of(Map.of()))
        .attach(streams.ruleEvents());
    long t0 = System.nanoTime();
    JobExecutionResult r = env.execute("city scenario " + name);
    assertThat(r.isJobExecutionResult()).isTrue();
    Duration wall = Duration.ofNanos(System.nanoTime() - t0);
    SimulatedCityFeed.Result played = feed.await();
    System.out.printf(
        "%s: %d messages, %d readings to the job; simulation with bridge decoding %d s,"
            + " whole run %d s; dead letters %d%n",
        name,
        played.messages(),
        played.readings(),
        played.wallTime().toSeconds(),
        wall.toSeconds(),
        dead.results().size());
    return new Run(played, breaches.results(), cases.results(), dead.results(), wall);
  }

  private static String line(RuleEvent e) {
    return e.key().asString() + " " + e.evidence().windowStart() + " " + e.evidence().detail();
  }

  @Test
  void cleanMonthOfTheWholeCityRaisesNoDataQualityEventAndOpensNoCase(@TempDir Path dir)
      throws Exception {
    // JSON payloads: the bridge decodes them through the same validator, at a third of the cost
    // of HJ 212 frames (docs/performance.md); the month is about signals, not the wire format,
    // which the default scenario's HJ 212 run covers
    Run run =
        run(
            "clean-month",
            Simulation.builder()
                .scenario(ScenarioLoader.loadClean())
                .duration(MONTH)
                .format(PayloadFormat.JSON),
            dir);
    Manifest m = run.feed().manifest();
    assertThat(m.start()).startsWith("2025-03-30T00:00");
    assertThat(m.end()).startsWith("2025-04-29T00:00");
    assertThat(m.expectedCases()).as("the clean scenario's manifest").isEmpty();
    assertThat(m.expectedRejections()).isEmpty();
    assertThat(run.feed().rejections()).as("messages the bridge rejects").isEmpty();
    assertThat(run.feed().readings())
        .isEqualTo(run.feed().messages())
        .isEqualTo(m.messages().published());

    assertThat(run.dataQualityBreaches().stream().map(CityScenarioJobTest::line))
        .as("data-quality findings over a clean month")
        .isEmpty();
    assertThat(run.breaches().stream().map(CityScenarioJobTest::line))
        .as("rule breaches over a clean month")
        .isEmpty();
    assertThat(run.opened()).as("cases opened").isEmpty();
    assertThat(run.deadLetters()).as("dead letters").isEmpty();
  }

  @Test
  void defaultScenarioOpensExactlyTheManifestsCasesAndDetectsEveryDataFault(@TempDir Path dir)
      throws Exception {
    Run run = run("default", Simulation.builder().scenario(ScenarioLoader.loadDefault()), dir);
    Manifest m = run.feed().manifest();

    // malformed and spoofed packets: rejected at decoding, exactly the manifest's
    assertThat(run.feed().rejections())
        .as("bridge rejections (reason|payload SHA-256) versus the manifest")
        .containsExactlyInAnyOrderElementsOf(
            m.expectedRejections().stream()
                .map(x -> x.reason() + "|" + x.payloadSha256())
                .toList());
    assertThat(run.feed().readings() + run.feed().rejections().size())
        .isEqualTo(run.feed().messages());
    assertThat(run.deadLetters()).as("dead letters in the job (LATE, unknown MN)").isEmpty();

    Set<String> expected =
        m.expectedCases().stream()
            .map(Manifest.ExpectedCase::caseId)
            .collect(Collectors.toCollection(TreeSet::new));
    Map<String, String> describe =
        m.expectedCases().stream()
            .collect(
                Collectors.toMap(
                    Manifest.ExpectedCase::caseId,
                    c -> c.key() + " " + c.windowStart() + " (" + c.fault() + ")",
                    (a, b) -> a,
                    TreeMap::new));
    Set<String> opened = run.opened();
    Set<String> missing = new TreeSet<>(expected);
    missing.removeAll(opened);
    Set<String> unexpected = new TreeSet<>(opened);
    unexpected.removeAll(expected);
    Map<String, String> openedKeys =
        run.caseEvents().stream()
            .filter(e -> e.type() == CaseEventType.OPENED)
            .collect(
                Collectors.toMap(
                    CaseEvent::caseId,
                    e ->
                        e.enterprise()
                            + "|"
                            + e.subject()
                            + "|"
                            + e.rule()
                            + "|"
                            + e.parameter()
                            + " "
                            + e.evidence().windowStart(),
                    (a, b) -> a,
                    TreeMap::new));
    // both lists at once: a case opened for the wrong window shows as one missing, one unexpected
    Map<String, List<String>> differences = new TreeMap<>();
    differences.put(
        "expected cases not opened (recall 1.0)", missing.stream().map(describe::get).toList());
    differences.put(
        "opened cases the manifest does not expect (precision 1.0)",
        unexpected.stream().map(openedKeys::get).toList());
    assertThat(differences)
        .isEqualTo(
            Map.of(
                "expected cases not opened (recall 1.0)",
                List.of(),
                "opened cases the manifest does not expect (precision 1.0)",
                List.of()));
    assertThat(opened).isEqualTo(expected);

    // each case opens with the manifest's rule, severity, department, county and due time
    LocalCalendar cal = LocalCalendar.defaultCalendar();
    assertThat(m.zone()).isEqualTo(cal.zone().getId());
    Map<String, String> openedFacts =
        run.caseEvents().stream()
            .filter(e -> e.type() == CaseEventType.OPENED)
            .collect(
                Collectors.toMap(
                    CaseEvent::caseId,
                    e -> Manifest.openedFacts(e, cal),
                    (a, b) -> a,
                    TreeMap::new));
    assertThat(openedFacts)
        .as("rule, severity, department, county and due time of each opened case")
        .isEqualTo(m.expectedFacts());

    // every injected data fault is detected: each fault's expected cases are among the opened,
    // and a fault that changes the data has expected cases at all (transmission faults open
    // nothing; corrupted and spoofed packets are the rejections above)
    // a device clock 2 h fast reaches D9: the feed stamps the simulated send time as receive time
    List<Manifest.FaultEntry> skewed =
        m.faults().stream().filter(f -> f.kind().equals("clock-skew")).toList();
    assertThat(skewed).as("clock-skew faults of the default scenario").isNotEmpty();
    for (Manifest.FaultEntry f : skewed) {
      assertThat(
              m.expectedCases().stream()
                  .filter(c -> f.expectedCases().contains(c.caseId()))
                  .map(Manifest.ExpectedCase::rule))
          .as("rules expected for fault " + f.id())
          .contains("D9");
    }
    Set<String> openNothing =
        Set.of("duplicates", "out-of-order", "backfill", "malformed", "spoofed-mn");
    for (Manifest.FaultEntry f : m.faults()) {
      assertThat(opened).as("cases of fault " + f.id()).containsAll(f.expectedCases());
      if (!openNothing.contains(f.kind())) {
        assertThat(f.expectedCases()).as("expected cases of fault " + f.id()).isNotEmpty();
      }
    }
  }
}
