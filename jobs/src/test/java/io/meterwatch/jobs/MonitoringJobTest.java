package io.meterwatch.jobs;

import static io.meterwatch.core.model.ParameterCatalogue.COAL;
import static io.meterwatch.core.model.ParameterCatalogue.COD;
import static io.meterwatch.core.model.ParameterCatalogue.ELECTRICITY;
import static io.meterwatch.core.model.ParameterCatalogue.GAS_FLOW;
import static io.meterwatch.core.model.ParameterCatalogue.NH3N;
import static io.meterwatch.core.model.ParameterCatalogue.NOX;
import static io.meterwatch.core.model.ParameterCatalogue.O2;
import static io.meterwatch.core.model.ParameterCatalogue.PRODUCT;
import static io.meterwatch.core.model.ParameterCatalogue.SO2;
import static io.meterwatch.core.model.ParameterCatalogue.WATER_FLOW;
import static io.meterwatch.core.testing.Fixtures.CAL;
import static io.meterwatch.core.testing.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.input.DeadLetter;
import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.json.ReadingJson;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.rules.HourlyValue;
import io.meterwatch.devservices.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job on a MiniCluster over a real Kafka topic, with results computed by hand (see {@link
 * #EXPECTED_RULE_EVENTS}); the same results for parallelism 1 and 2 and for arrival shuffled within
 * the out-of-orderness.
 *
 * <p>Scenario (local time, Asia/Shanghai), registry {@link TestCity}:
 *
 * <ul>
 *   <li>wastewater outlet, 2025-06-30 00:00–19:59, one reading a minute: COD 120 mg/L, NH3-N 5,
 *       flow 10 L/s: 20 valid hours, a valid day; COD load 120 × 10 × 3600 / 10⁶ = 4.32 kg/h;
 *   <li>kiln, 2025-06-30 23:00 – 2025-07-01 01:43:30 every 30 s: NOx 300, SO2 100 mg/m3 at O2 10 %
 *       (the reference: converted = measured), flow 50 m3/s; the third hour has 44 minutes. NOx
 *       limit 320 until 30 June, 260 from 1 July; loads SO2 18 kg/h, NOx 54 kg/h;
 *   <li>counters: electricity 1 000 000 → 1 700 000 kWh, coal 5000 → 6000 t, clinker 20 000 → 30
 *       000 t over June; electricity +100 kWh on 1 July and no clinker in July, the month the input
 *       ends in, so July is not judged;
 *   <li>one record that is not JSON and one reading of an unknown meter.
 * </ul>
 */
class MonitoringJobTest {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.builder().start();
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  private static Instant at(int month, int day, int hour, int minute, int second) {
    return CAL.instant(LocalDateTime.of(2025, month, day, hour, minute, second));
  }

  /** The scenario's readings in data-time order. */
  static List<Reading> scenario() {
    List<Reading> rs = new ArrayList<>();
    rs.add(reading(TestCity.POWER, at(6, 1, 0, 0, 0)).cou(ELECTRICITY, 1_000_000).build());
    rs.add(reading(TestCity.COAL, at(6, 1, 0, 0, 0)).cou(COAL, 5000).build());
    rs.add(reading(TestCity.CLINKER, at(6, 1, 0, 0, 0)).cou(PRODUCT, 20_000).build());
    for (int m = 0; m < 20 * 60; m++) {
      rs.add(
          reading(TestCity.WATER, at(6, 30, 0, 0, 0).plusSeconds(60L * m))
              .rtd(COD, 120)
              .rtd(NH3N, 5)
              .rtd(WATER_FLOW, 10)
              .build());
    }
    rs.add(reading(TestCity.POWER, at(6, 30, 23, 0, 0)).cou(ELECTRICITY, 1_700_000).build());
    rs.add(reading(TestCity.COAL, at(6, 30, 23, 0, 0)).cou(COAL, 6000).build());
    rs.add(reading(TestCity.CLINKER, at(6, 30, 23, 0, 0)).cou(PRODUCT, 30_000).build());
    Instant kilnStart = at(6, 30, 23, 0, 0);
    for (int i = 0; i < 2 * 120 + 88; i++) {
      Instant t = kilnStart.plusSeconds(30L * i);
      rs.add(
          reading(TestCity.KILN, t)
              .rtd(NOX, 300)
              .rtd(SO2, 100)
              .rtd(O2, 10)
              .rtd(GAS_FLOW, 50)
              .build());
      if (t.equals(at(7, 1, 1, 0, 0))) {
        rs.add(reading(TestCity.POWER, t).cou(ELECTRICITY, 1_700_100).build());
      }
    }
    rs.add(reading(TestCity.UNKNOWN, at(7, 1, 1, 0, 0)).rtd(SO2, 1).build());
    return rs;
  }

  /** Rule events as comparable lines: rule|subject|parameter|local window|breach|... */
  static final List<String> EXPECTED_RULE_EVENTS =
      List.of(
          "E1|kiln-DA001|a21002|2025-06-30T23:00|false|INFO|300.000000|320.0|-0.062500|60|GB4915-2013 permit",
          "E1|kiln-DA001|a21026|2025-06-30T23:00|false|INFO|100.000000|200.0|-0.500000|60|GB4915-2013",
          "E1|kiln-DA001|a21002|2025-07-01T00:00|true|MAJOR|300.000000|260.0|0.153846|60|GB4915-2013 permit",
          "E1|kiln-DA001|a21026|2025-07-01T00:00|false|INFO|100.000000|200.0|-0.500000|60|GB4915-2013",
          "E2|water-DW001|w01018|2025-06-30T00:00|true|MAJOR|120.000000|100.0|0.200000|20|GB8978-1996-1",
          "E2|water-DW001|w21003|2025-06-30T00:00|false|INFO|5.000000|15.0|-0.666667|20|GB8978-1996-1",
          "L1|91610902MA6YA1B22C|a21026|2025-06-30T00:00|false|INFO|18.000000|40.0|-0.550000|null|annual load quota",
          "L1|91610902MA6YA1B22C|a21026|2025-07-01T00:00|true|MAJOR|54.000000|40.0|0.350000|null|annual load quota",
          "L1|91610902MA6YA1B22C|a21002|2025-06-30T00:00|false|INFO|54.000000|5000.0|-0.989200|null|annual load quota",
          "L1|91610902MA6YA1B22C|a21002|2025-07-01T00:00|false|INFO|162.000000|5000.0|-0.967600|null|annual load quota",
          "L1|91610902MA6YA1B22C|w01018|2025-06-30T00:00|false|INFO|86.400000|2000.0|-0.956800|null|annual load quota",
          "Q1|clinker|GB16780-2021-clinker-energy|2025-06-01T00:00|false|INFO|80.033000|117.0|-0.315957|null|GB16780-2021-clinker-energy",
          "Q1|clinker|GB16780-2021-clinker-electricity|2025-06-01T00:00|true|MAJOR|70.000000|61.0|0.147541|null|GB16780-2021-clinker-electricity",
          "Q1N|clinker|-|2025-06-01T00:00|false|INFO|800330.000000|null|null|null|null");

  static String line(RuleEvent e) {
    var ev = e.evidence();
    return String.join(
        "|",
        e.key().rule(),
        e.key().subject(),
        e.parameter(),
        CAL.local(ev.windowStart()).toString(),
        String.valueOf(e.breach()),
        String.valueOf(e.severity()),
        ev.value() == null ? "null" : String.format(Locale.ROOT, "%.6f", ev.value()),
        String.valueOf(ev.limit()),
        ev.multiple() == null ? "null" : String.format(Locale.ROOT, "%.6f", ev.multiple()),
        String.valueOf(ev.validCount()),
        String.valueOf(ev.standard()));
  }

  /** Results of one run. */
  record Run(List<RuleEvent> events, List<HourlyValue> hourly, List<DeadLetter> deadLetters) {
    List<String> lines() {
      return events.stream()
          .filter(e -> e.domain() != Domain.DATA_QUALITY)
          .map(MonitoringJobTest::line)
          .sorted()
          .toList();
    }

    List<String> hourlyLines() {
      return hourly.stream()
          .map(
              v ->
                  String.format(
                      Locale.ROOT,
                      "%s|%s|%s|%s|%.6f|%s|%s|%s",
                      v.mn(),
                      v.parameter(),
                      CAL.local(v.hourStart()),
                      v.valid(),
                      v.value(),
                      v.validMinutes(),
                      v.converted() == null
                          ? "null"
                          : String.format(Locale.ROOT, "%.6f", v.converted()),
                      v.loadKg() == null ? "null" : String.format(Locale.ROOT, "%.6f", v.loadKg())))
          .sorted()
          .toList();
    }
  }

  /**
   * Writes a record that is not JSON, then {@code readings} as JSON keyed by MN, to {@code topic}.
   */
  static void produce(EmbeddedKafka kafka, String topic, List<Reading> readings) {
    send(kafka, topic, readings, true);
  }

  /** {@code readings} on {@code topic}, keyed by MN, without the bad record of {@link #produce}. */
  static void send(EmbeddedKafka kafka, String topic, List<Reading> readings) {
    send(kafka, topic, readings, false);
  }

  private static void send(
      EmbeddedKafka kafka, String topic, List<Reading> readings, boolean badRecordFirst) {
    ReadingJson json = new ReadingJson();
    try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
      if (badRecordFirst) {
        producer.send(
            new ProducerRecord<>(
                topic,
                "bad".getBytes(StandardCharsets.UTF_8),
                "not json{".getBytes(StandardCharsets.UTF_8)));
      }
      for (Reading r : readings) {
        producer.send(
            new ProducerRecord<>(topic, r.mn().getBytes(StandardCharsets.UTF_8), json.write(r)));
      }
      producer.flush();
    }
  }

  private static Run run(String topic, List<Reading> readings, int parallelism) throws Exception {
    return run(topic, 2, readings, parallelism);
  }

  private static Run run(String topic, int partitions, List<Reading> readings, int parallelism)
      throws Exception {
    kafka.createTopic(topic, partitions);
    produce(kafka, topic, readings);
    CollectingSink<RuleEvent> events = new CollectingSink<>(topic + "-events");
    CollectingSink<HourlyValue> hourly = new CollectingSink<>(topic + "-hourly");
    CollectingSink<DeadLetter> dead = new CollectingSink<>(topic + "-dlq");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(parallelism);
    new MonitoringJob(
            MonitoringJobMain.kafkaSource(kafka.bootstrapServers(), topic, topic, CAL, true),
            TestCity.REGISTRY,
            MonitoringSettings.defaults(),
            events,
            hourly,
            dead)
        .wire(env);
    env.execute("monitoring test " + topic);
    return new Run(events.results(), hourly.results(), dead.results());
  }

  @Test
  void handComputedResultsIdenticalForParallelismOneAndTwoAndShuffledArrival() throws Exception {
    List<Reading> readings = scenario();
    Run p1 = run("readings-p1", readings, 1);

    assertThat(p1.lines()).containsExactlyInAnyOrderElementsOf(EXPECTED_RULE_EVENTS);
    RuleEvent so2Load =
        p1.events().stream()
            .filter(e -> e.key().rule().equals("L1") && e.breach())
            .findFirst()
            .orElseThrow();
    assertThat(so2Load.evidence().detail())
        .isEqualTo(
            "135.0 % of the 2025 annual quota; projected exhaustion 2025-07-01 at 27.000 kg/day"
                + " (last 2 days)");
    // data verification (docs/rules.md): the kiln's third hour has 44 valid minutes; the counters
    // sent 2 readings in June: data in 2 of its 720 hours
    assertThat(
            p1.events().stream()
                .filter(e -> e.key().rule().equals("D2") && e.breach())
                .map(MonitoringJobTest::line))
        .containsExactlyInAnyOrder(
            "D2|610902P0010005|p01001|2025-06-01T00:00|true|WARNING|0.277778|90.0|null|2|data verification",
            "D2|610902E0010003|e01001|2025-06-01T00:00|true|WARNING|0.277778|90.0|null|2|data verification",
            "D2|610902E0010004|e02001|2025-06-01T00:00|true|WARNING|0.277778|90.0|null|2|data verification",
            "D2|kiln-DA001|a00000|2025-07-01T01:00|true|WARNING|44.000000|45.0|null|44|data verification",
            "D2|kiln-DA001|a19001|2025-07-01T01:00|true|WARNING|44.000000|45.0|null|44|data verification",
            "D2|kiln-DA001|a21002|2025-07-01T01:00|true|WARNING|44.000000|45.0|null|44|data verification",
            "D2|kiln-DA001|a21026|2025-07-01T01:00|true|WARNING|44.000000|45.0|null|44|data verification");
    assertThat(p1.hourly()).hasSize(3 * 4 + 20 * 3);
    assertThat(p1.hourlyLines())
        .contains(
            "610902G0010001|a21002|2025-07-01T01:00|false|300.000000|44|null|54.000000",
            "610902G0010001|a21026|2025-07-01T00:00|true|100.000000|60|100.000000|18.000000",
            "610902W0010007|w01018|2025-06-30T19:00|true|120.000000|60|null|4.320000");
    assertThat(p1.deadLetters())
        .extracting(DeadLetter::reason)
        .containsExactlyInAnyOrder(ReasonCode.BAD_JSON, ReasonCode.UNKNOWN_MN);
    assertThat(
            p1.deadLetters().stream()
                .filter(d -> d.reason() == ReasonCode.BAD_JSON)
                .map(d -> new String(d.original(), StandardCharsets.UTF_8)))
        .containsExactly("not json{");

    Run p2 = run("readings-p2", readings, 2);
    assertThat(p2.lines()).isEqualTo(p1.lines());
    assertThat(p2.hourlyLines()).isEqualTo(p1.hourlyLines());
    assertThat(p2.deadLetters()).hasSize(2);

    // Shuffle within blocks of 60 s of data time: always within the 2-minute out-of-orderness.
    List<Reading> shuffled = new ArrayList<>(readings);
    Random random = new Random(42);
    int from = 0;
    for (int i = 1; i <= shuffled.size(); i++) {
      if (i == shuffled.size()
          || shuffled.get(i).dataTime().toEpochMilli() / 60_000
              != shuffled.get(from).dataTime().toEpochMilli() / 60_000) {
        Collections.shuffle(shuffled.subList(from, i), random);
        from = i;
      }
    }
    assertThat(shuffled).isNotEqualTo(readings);
    Run p2Shuffled = run("readings-shuffled", shuffled, 2);
    assertThat(p2Shuffled.lines()).isEqualTo(p1.lines());
    assertThat(p2Shuffled.hourlyLines()).isEqualTo(p1.hourlyLines());
  }

  /**
   * One meter's clock runs two hours ahead for 20 minutes (detector D9's business) among five
   * meters on one partition: the job's event time must not follow it, or the other meters' next two
   * hours would all arrive late (docs/rules.md, "Event time and watermarks").
   */
  @Test
  void aMeterWhoseClockRunsAheadDoesNotMakeTheOthersLate() throws Exception {
    Instant start = at(7, 1, 0, 0, 0);
    List<Reading> rs = new ArrayList<>();
    for (int m = 0; m < 120; m++) {
      Instant t = start.plusSeconds(60L * m);
      Instant waterTime = m >= 30 && m < 50 ? t.plus(Duration.ofHours(2)) : t;
      rs.add(reading(TestCity.KILN, t).rtd(SO2, 100).rtd(O2, 10).rtd(GAS_FLOW, 50).build());
      rs.add(reading(TestCity.WATER, waterTime).rtd(COD, 50).rtd(WATER_FLOW, 10).build());
      rs.add(reading(TestCity.POWER, t).cou(ELECTRICITY, 1_000_000 + 10 * m).build());
      rs.add(reading(TestCity.COAL, t).cou(COAL, 5000 + m).build());
      rs.add(reading(TestCity.CLINKER, t).cou(PRODUCT, 20_000 + 10 * m).build());
    }
    Run run = run("readings-skewed-clock", 1, rs, 2);

    assertThat(run.deadLetters())
        .extracting(DeadLetter::reason)
        .as("nothing late: only the run's one record that is not JSON")
        .containsExactly(ReasonCode.BAD_JSON);
    assertThat(run.hourlyLines())
        .contains(
            "610902G0010001|a21026|2025-07-01T00:00|true|100.000000|60|100.000000|18.000000",
            "610902G0010001|a21026|2025-07-01T01:00|true|100.000000|60|100.000000|18.000000");
    assertThat(run.events().stream().filter(e -> e.breach()).map(e -> e.key().rule()))
        .as("no meter offline; only the skewed meter's hours are incomplete")
        .doesNotContain("D1");
  }
}
