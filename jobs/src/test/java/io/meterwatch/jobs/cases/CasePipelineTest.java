package io.meterwatch.jobs.cases;

import static io.meterwatch.connectors.influx.InfluxTesting.count;
import static io.meterwatch.core.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.connectors.influx.InfluxPoints;
import io.meterwatch.connectors.influx.InfluxWriter;
import io.meterwatch.core.cases.CaseAction;
import io.meterwatch.core.cases.CaseActionType;
import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseEventType;
import io.meterwatch.core.cases.CaseJson;
import io.meterwatch.core.cases.CaseKey;
import io.meterwatch.core.cases.CaseLifecycle;
import io.meterwatch.core.cases.CasePolicy;
import io.meterwatch.core.cases.CaseState;
import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.Evidence;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.cases.Severity;
import io.meterwatch.core.input.RejectedInputException;
import io.meterwatch.devservices.EmbeddedKafka;
import io.meterwatch.devservices.InfluxdProcess;
import io.meterwatch.devservices.KafkaTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The case pipeline end to end on a MiniCluster with a real Kafka (exactly-once, read committed)
 * and a real influxd: the exact set of case events for a bounded input, also across an injected
 * task failure and across a 60 s InfluxDB outage.
 */
class CasePipelineTest {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(4)
              .build());

  static final CasePolicy POLICY = CasePolicy.defaults();
  static final int KEYS = 20;
  static final int HOURS = 20;
  static final String GARBAGE = "please ack DA001";
  static final long GARBAGE_TIME = T0.toEpochMilli();

  static EmbeddedKafka kafka;
  static InfluxdProcess influx;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.builder().start();
    influx = InfluxdProcess.startDefault();
  }

  @AfterAll
  static void stop() {
    if (influx != null) {
      influx.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  static CaseKey key(int i) {
    return new CaseKey("E" + i / 4, "DA00" + i % 4, "E1", "a21026");
  }

  static Map<String, String> names() {
    Map<String, String> n = new HashMap<>();
    for (int i = 0; i < KEYS; i += 4) {
      n.put("E" + i / 4, "Enterprise " + i / 4);
    }
    return n;
  }

  /**
   * 20 keys x 20 hours, ordered by hour: runs of 3 breaches and 3 compliant hours (open, update,
   * recover, reopen) with multiples from 0.1 to 2.5 (escalations). Under 24 h, so no case comes due
   * before the end of input, where the final watermark makes every open case OVERDUE.
   */
  static List<RuleEvent> input() {
    List<RuleEvent> in = new ArrayList<>();
    for (int h = 0; h < HOURS; h++) {
      for (int i = 0; i < KEYS; i++) {
        boolean breach = (h + i) % 6 < 3;
        double multiple = 0.1 + ((h * 7 + i) % 25) / 10.0;
        Instant start = T0.plus(Duration.ofHours(h));
        in.add(
            new RuleEvent(
                key(i),
                Domain.EMISSION,
                i % 2 == 0 ? "Hanbin" : "Xunyang",
                breach,
                breach ? Severity.MAJOR : Severity.INFO,
                new Evidence(
                    start,
                    start.plus(Duration.ofHours(1)),
                    breach ? 35.0 * (1 + multiple) : 20.0,
                    35.0,
                    "mg/m3",
                    "GB 13223-2011",
                    breach ? multiple : null,
                    55,
                    null)));
      }
    }
    return in;
  }

  /** An ACK naming a case id that never exists (always rejected). */
  static CaseAction unknownCaseAck() {
    return CaseAction.of("E1-000000000000", key(0), CaseActionType.ACK, T0, "hanbin-team");
  }

  /** What an undisturbed run must publish, computed with the pure lifecycle functions. */
  static List<CaseEvent> expected() throws Exception {
    Map<String, CaseState> states = new LinkedHashMap<>();
    List<CaseEvent> out = new ArrayList<>();
    for (RuleEvent e : input()) {
      var t =
          CaseLifecycle.onRuleEvent(
              states.get(e.key().asString()), e, names().get(e.key().enterprise()), POLICY);
      states.put(e.key().asString(), t.state());
      out.addAll(t.events());
    }
    for (CaseState s : states.values()) {
      if (s != null) {
        out.addAll(CaseLifecycle.onDue(s, POLICY).events());
      }
    }
    out.addAll(CaseLifecycle.onAction(null, unknownCaseAck(), POLICY).events());
    try {
      CaseJson.readAction(GARBAGE.getBytes(StandardCharsets.UTF_8));
      throw new AssertionError("garbage parsed");
    } catch (RejectedInputException e) {
      out.add(CaseActionParser.rejection(e, Instant.ofEpochMilli(GARBAGE_TIME)));
    }
    return sorted(out);
  }

  static List<CaseEvent> sorted(List<CaseEvent> events) {
    return events.stream()
        .sorted(
            Comparator.comparing(CaseEvent::caseId)
                .thenComparing(CaseEvent::eventTime)
                .thenComparing(CaseEvent::type))
        .toList();
  }

  /** Slows the bounded input down so that checkpoints happen while it flows. */
  static final class Throttle implements MapFunction<RuleEvent, RuleEvent> {
    private final long millis;

    Throttle(long millis) {
      this.millis = millis;
    }

    @Override
    public RuleEvent map(RuleEvent e) throws Exception {
      Thread.sleep(millis);
      return e;
    }
  }

  /** Throws once, after {@code after} records and at least two completed checkpoints. */
  static final class FailOnce implements MapFunction<RuleEvent, RuleEvent>, CheckpointListener {
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger CHECKPOINTS_BEFORE_FAILURE = new AtomicInteger();
    private final int after;
    private int seen;

    FailOnce(int after) {
      this.after = after;
    }

    @Override
    public RuleEvent map(RuleEvent e) throws InterruptedException {
      if (++seen >= after && !FAILED.get()) {
        if (CHECKPOINTS_BEFORE_FAILURE.get() >= 2) {
          FAILED.set(true);
          throw new IllegalStateException("injected task failure after " + seen + " records");
        }
        // checkpoints are slow on a busy machine: slow the input down until two have completed
        Thread.sleep(100);
      }
      return e;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      if (!FAILED.get()) {
        CHECKPOINTS_BEFORE_FAILURE.incrementAndGet();
      }
    }
  }

  record Run(String alertsTopic, String database) {}

  /** Builds the job for one run; {@code failAfter} > 0 injects one task failure. */
  static StreamExecutionEnvironment job(Run run, long throttleMillis, int failAfter)
      throws Exception {
    // The sink stamps records with their event time (2025 here): without retention.ms=-1 the
    // broker's retention check deletes them as older than 7 days while the test runs.
    kafka.createTopic(run.alertsTopic(), 2, Map.of("retention.ms", "-1"));
    String actionsTopic = run.alertsTopic() + ".actions";
    kafka.createTopic(actionsTopic, 1);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (var producer = new KafkaProducer<String, String>(p)) {
      CaseAction ack = unknownCaseAck();
      producer.send(
          new ProducerRecord<>(
              actionsTopic,
              null,
              ack.time().toEpochMilli(),
              ack.caseId(),
              new String(CaseJson.actionBytes(ack), StandardCharsets.UTF_8)));
      producer.send(new ProducerRecord<>(actionsTopic, null, GARBAGE_TIME, "E1-1", GARBAGE));
    }

    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    env.enableCheckpointing(300);

    // One upstream channel per key keeps each key's judgements in order (parallelism 1 up to
    // keyBy).
    DataStream<RuleEvent> rules =
        env.fromData(input()).setParallelism(1).map(new Throttle(throttleMillis)).setParallelism(1);
    if (failAfter > 0) {
      rules = rules.map(new FailOnce(failAfter)).setParallelism(1);
    }
    rules =
        rules
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<RuleEvent>forMonotonousTimestamps()
                    .withTimestampAssigner((e, ts) -> e.evidence().windowEnd().toEpochMilli()))
            .setParallelism(1);

    KafkaSource<String> actions =
        KafkaSource.<String>builder()
            .setBootstrapServers(kafka.bootstrapServers())
            .setTopics(actionsTopic)
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setBounded(OffsetsInitializer.latest())
            .setValueOnlyDeserializer(new SimpleStringSchema())
            .build();
    InfluxWriter.Settings influxSettings =
        InfluxWriter.builder()
            .url(influx.url())
            .database(run.database())
            .backoff(Duration.ofMillis(200), Duration.ofSeconds(2))
            .settings();
    new CasePipeline(
            actions,
            CasePipeline.kafkaAlertsSink(
                kafka.bootstrapServers(), run.alertsTopic(), "cases-" + run.alertsTopic()),
            CasePipeline.influxCaseEvents(influxSettings),
            POLICY,
            EnterpriseNames.of(names()))
        .attach(rules);
    return env;
  }

  static final long TEST_START = System.currentTimeMillis();

  /**
   * The committed case events of a run. Polls until the expected number arrived, then once more so
   * a surplus shows: a finished job's last transaction is committed, but its commit markers reach
   * the partitions a moment later, and a reader that stops at the last stable offset of the moment
   * misses them.
   */
  static List<CaseEvent> committedAlerts(Run run) throws Exception {
    List<CaseEvent> out = new ArrayList<>();
    for (var r :
        KafkaTopics.readAll(
            kafka.bootstrapServers(),
            run.alertsTopic(),
            expected().size(),
            Duration.ofSeconds(60))) {
      CaseEvent e = CaseJson.readEvent(r.value());
      assertThat(r.key()).isEqualTo(e.caseId());
      // stamped when produced, not with the (2025) event time: Kafka's retention would delete it
      assertThat(r.timestamp()).as("record timestamp").isGreaterThanOrEqualTo(TEST_START);
      out.add(e);
    }
    return sorted(out);
  }

  /** Asserts Kafka (read committed) and InfluxDB hold exactly the expected case events. */
  static void assertExactlyExpected(Run run) throws Exception {
    List<CaseEvent> expected = expected();
    List<CaseEvent> alerts = committedAlerts(run);
    assertThat(alerts).hasSize(expected.size());
    assertThat(alerts).containsExactlyElementsOf(expected);
    assertThat(count(influx, run.database(), InfluxPoints.CASE_EVENT, "case_id"))
        .isEqualTo(expected.size());
    Map<String, Long> byType =
        new TreeMap<>(
            expected.stream()
                .collect(Collectors.groupingBy(e -> e.type().name(), Collectors.counting())));
    Map<String, Long> influxByType = new TreeMap<>();
    var series =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(
                influx.query(
                    run.database(), "SELECT count(case_id) FROM case_event GROUP BY \"type\""))
            .path("results")
            .path(0)
            .path("series");
    for (var s : series) {
      influxByType.put(
          s.path("tags").path("type").asText(), s.path("values").path(0).path(1).asLong());
    }
    assertThat(influxByType).isEqualTo(byType);
  }

  @Test
  void aBoundedInputGivesExactlyTheExpectedCaseEvents() throws Exception {
    List<CaseEvent> expected = expected();
    // the input exercises every automatic transition
    assertThat(expected.stream().map(CaseEvent::type).distinct())
        .contains(
            CaseEventType.OPENED,
            CaseEventType.UPDATED,
            CaseEventType.ESCALATED,
            CaseEventType.RECOVERED,
            CaseEventType.REOPENED,
            CaseEventType.OVERDUE,
            CaseEventType.ACTION_REJECTED);
    Run run = new Run("alerts-plain", "plain");
    job(run, 0, 0).execute("cases plain");
    assertExactlyExpected(run);
  }

  @Test
  void aTaskFailureAfterCheckpointsChangesNothingDownstream() throws Exception {
    Run run = new Run("alerts-failure", "failure");
    job(run, 8, 250).execute("cases with failure");
    assertThat(FailOnce.FAILED).isTrue();
    assertThat(FailOnce.CHECKPOINTS_BEFORE_FAILURE.get()).isGreaterThanOrEqualTo(2);
    assertExactlyExpected(run);
  }

  @Test
  void anInfluxOutageOf60SecondsLosesNoCaseEvent() throws Exception {
    Run run = new Run("alerts-outage", "outage");
    JobClient client = job(run, 5, 0).executeAsync("cases with influx outage");
    Thread.sleep(1000);
    influx.stop();
    Thread.sleep(60_000);
    // the sink has been waiting for InfluxDB: the job cannot have finished without it
    assertThat(client.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.RUNNING);
    influx.start();
    client.getJobExecutionResult().get(120, TimeUnit.SECONDS);
    assertExactlyExpected(run);
  }
}
