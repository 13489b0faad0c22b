package io.meterwatch.jobs;

import static io.meterwatch.core.testing.Fixtures.CAL;
import static io.meterwatch.core.testing.Fixtures.reading;

import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.json.ReadingJson;
import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.quality.DetectorConfig;
import io.meterwatch.core.quality.DetectorSwitches;
import io.meterwatch.core.registry.County;
import io.meterwatch.core.registry.EnergyMeter;
import io.meterwatch.core.registry.Enterprise;
import io.meterwatch.core.registry.Outlet;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.rules.HourAccumulator;
import io.meterwatch.core.standards.Medium;
import io.meterwatch.devservices.EmbeddedKafka;
import io.meterwatch.jobs.windows.DayWindow;
import io.meterwatch.jobs.windows.OutletHour;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Readings per second through the whole monitoring job (decode, router, validity windows, E1, E2,
 * L1, Q1) on a local MiniCluster at parallelism 2 with heap state, from a pre-filled Kafka topic,
 * beside a pass-through job (decode and discard) on the same topic in the same run; and the window
 * state per meter-parameter in bytes. Not part of {@code mvn verify}; run with
 *
 * <pre>
 * mvn -o -pl jobs -am verify -Dtest=MonitoringJobBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dspotless.check.skip=true [-Dbench.meters=500 -Dbench.hours=4 -Dbench.rounds=5 \
 *     -Dbench.values=faulty]
 * </pre>
 *
 * The pass-through, the job with every rule and detector on and the job with the detectors off take
 * turns {@code bench.rounds} times after one warm-up run of each; the medians are compared.
 *
 * <p>Results in docs/performance.md.
 */
class MonitoringJobBenchmark {
  private static final int METERS = Integer.getInteger("bench.meters", 500);
  private static final int HOURS = Integer.getInteger("bench.hours", 4);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
  private static final int PARALLELISM = 2;
  private static final String[] CODES = {
    ParameterCatalogue.SO2,
    ParameterCatalogue.NOX,
    ParameterCatalogue.PM,
    ParameterCatalogue.O2,
    ParameterCatalogue.GAS_FLOW,
    ParameterCatalogue.GAS_TEMPERATURE,
    ParameterCatalogue.GAS_PRESSURE,
    ParameterCatalogue.GAS_HUMIDITY
  };

  /**
   * A typical value of each of {@link #CODES} at a kiln stack in operation (mg/m3, %, m3/s, °C,
   * kPa, %); readings vary by up to ±10 % around it, as a clean plant's do. Values outside a
   * plant's normal range (O2 above 21 % on every stack, say) would make every meter a data-quality
   * case and measure the event path instead of the judging.
   */
  private static final double[] TYPICAL = {35, 120, 12, 10, 55, 110, 0.6, 8};

  /**
   * {@code -Dbench.values=faulty}: every parameter uniform in 10–40 instead (O2 above 21 % in 63 %
   * of the readings, so every stack keeps opening and closing D5 and D7 episodes): the worst case
   * of the event path, one data-quality event for about every second reading.
   */
  private static final boolean FAULTY = "faulty".equals(System.getProperty("bench.values"));

  /** A city of {@code METERS} kiln stacks, 5 per enterprise, each enterprise with a power meter. */
  static SiteRegistry registry() {
    List<Enterprise> es = new ArrayList<>();
    for (int e = 0; e < METERS / 5; e++) {
      List<Outlet> outlets = new ArrayList<>();
      for (int o = 0; o < 5; o++) {
        outlets.add(
            new Outlet(
                "o" + (e * 5 + o),
                "stack",
                Medium.FLUE_GAS,
                mn(e * 5 + o),
                null,
                "GB4915-2013",
                null,
                List.of(),
                Map.of(ParameterCatalogue.SO2, 1e6)));
      }
      es.add(
          new Enterprise(
              String.format(Locale.ROOT, "E%05d", e),
              "plant",
              "plant",
              TestCity.COUNTY,
              "cement",
              outlets,
              List.of(new EnergyMeter(power(e), null, ParameterCatalogue.ELECTRICITY, "kWh")),
              List.of(),
              TestCity.REGISTRY.enterprises().get(0).energyQuotas()));
    }
    return new SiteRegistry(
        List.of(new County(TestCity.COUNTY, "汉滨区", "Hanbin")), es, TestCity.REGISTRY.standards());
  }

  static String mn(int i) {
    return String.format(Locale.ROOT, "BENCHG%08d", i);
  }

  static String power(int e) {
    return String.format(Locale.ROOT, "BENCHE%08d", e);
  }

  /** Fills the topic: every meter every 30 s for {@code HOURS} hours, in data-time order. */
  static long fill(EmbeddedKafka kafka, String topic) {
    ReadingJson json = new ReadingJson();
    Random random = new Random(1);
    Instant start = CAL.instant(LocalDateTime.of(2025, 3, 10, 0, 0));
    long n = 0;
    try (KafkaProducer<byte[], byte[]> producer =
        kafka.producer(
            Map.of(
                ProducerConfig.LINGER_MS_CONFIG,
                "20",
                ProducerConfig.BATCH_SIZE_CONFIG,
                "262144",
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "lz4"))) {
      for (int step = 0; step < HOURS * 120; step++) {
        Instant t = start.plusSeconds(30L * step);
        for (int m = 0; m < METERS; m++) {
          var b = reading(mn(m), t);
          for (int c = 0; c < CODES.length; c++) {
            double v =
                FAULTY
                    ? 10 + random.nextInt(300) / 10.0
                    : TYPICAL[c] * (0.9 + random.nextInt(200) / 1000.0);
            b.rtd(CODES[c], Math.round(v * 100) / 100.0, DataFlag.N);
          }
          producer.send(
              new ProducerRecord<>(
                  topic, mn(m).getBytes(StandardCharsets.UTF_8), json.write(b.build())));
          n++;
        }
        if (step % 30 == 0) {
          for (int e = 0; e < METERS / 5; e++) {
            producer.send(
                new ProducerRecord<>(
                    topic,
                    power(e).getBytes(StandardCharsets.UTF_8),
                    json.write(
                        reading(power(e), t)
                            .cou(ParameterCatalogue.ELECTRICITY, 1000.0 * step)
                            .build())));
            n++;
          }
        }
      }
      producer.flush();
    }
    return n;
  }

  private static StreamExecutionEnvironment env() {
    Configuration c = new Configuration();
    c.setString("taskmanager.numberOfTaskSlots", String.valueOf(PARALLELISM));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(PARALLELISM, c);
    return env;
  }

  @Test
  void throughputBesidePassThrough() throws Exception {
    SiteRegistry registry = registry();
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
      kafka.createTopic("bench", 2);
      long t0 = System.nanoTime();
      long n = fill(kafka, "bench");
      System.out.printf(
          Locale.ROOT,
          "pre-filled %d readings (%d meters x 8 parameters, %d h) in %.1f s%n",
          n,
          METERS,
          HOURS,
          (System.nanoTime() - t0) / 1e9);

      MonitoringSettings rulesOnly =
          MonitoringSettings.builder()
              .detectors(DetectorConfig.builder().switches(DetectorSwitches.NONE).build())
              .build();
      // Warm-up: one run of each job (JIT, class loading, Kafka fetch paths), not measured; the
      // first measured round was still 10-30 % slower than the others with one warm-up run.
      passThrough(kafka, "warm-pass");
      runJob(kafka, registry, "warm", MonitoringSettings.defaults());
      runJob(kafka, registry, "warm-rules-only", rulesOnly);
      // The three jobs take turns, ROUNDS times, so that a disturbance of the machine hits all of
      // them alike; a single run of a few seconds varies by ±15 % on a shared 2-core machine.
      double[] pass = new double[ROUNDS];
      double[] full = new double[ROUNDS];
      double[] rules = new double[ROUNDS];
      for (int round = 0; round < ROUNDS; round++) {
        pass[round] = n / seconds(passThrough(kafka, "pass-" + round));
        full[round] =
            n / seconds(runJob(kafka, registry, "full-" + round, MonitoringSettings.defaults()));
        rules[round] = n / seconds(runJob(kafka, registry, "rules-only-" + round, rulesOnly));
      }
      print("pass-through (decode and discard)", pass);
      print("monitoring job, every rule and detector on", full);
      print("monitoring job, detectors off (rules only)", rules);
      System.out.printf(
          Locale.ROOT, "ratio job / pass-through (medians): %.2f%n", median(full) / median(pass));
      System.out.printf(
          Locale.ROOT,
          "ratio every detector on / detectors off (medians): %.2f%n",
          median(full) / median(rules));
    }
    stateSize();
  }

  /** Decode and discard: the source's own cost, the comparison run. */
  private static JobExecutionResult passThrough(EmbeddedKafka kafka, String group)
      throws Exception {
    StreamExecutionEnvironment env = env();
    env.fromSource(
            MonitoringJobMain.kafkaSource(kafka.bootstrapServers(), "bench", group, CAL, true),
            WatermarkStrategy.noWatermarks(),
            "meter.readings")
        .sinkTo(new DiscardingSink<>());
    return env.execute("pass-through " + group);
  }

  private static double seconds(JobExecutionResult r) {
    return r.getNetRuntime() / 1000.0;
  }

  private static double median(double[] rates) {
    double[] s = rates.clone();
    java.util.Arrays.sort(s);
    return s[s.length / 2];
  }

  private static void print(String what, double[] rates) {
    StringBuilder runs = new StringBuilder();
    for (double r : rates) {
      runs.append(String.format(Locale.ROOT, " %,.0f", r));
    }
    System.out.printf(
        Locale.ROOT,
        "%-44s parallelism %d: median %,.0f readings/s (runs:%s)%n",
        what,
        PARALLELISM,
        median(rates),
        runs);
  }

  /**
   * One bounded run of the whole monitoring job over the pre-filled topic; rule events are
   * collected and counted by rule, hourly values and dead letters discarded.
   */
  private static JobExecutionResult runJob(
      EmbeddedKafka kafka, SiteRegistry registry, String group, MonitoringSettings settings)
      throws Exception {
    StreamExecutionEnvironment env = env();
    CollectingSink<RuleEvent> events = new CollectingSink<>("bench-" + group);
    new MonitoringJob(
            MonitoringJobMain.kafkaSource(kafka.bootstrapServers(), "bench", group, CAL, true),
            registry,
            settings,
            events,
            new DiscardingSink<>(),
            new DiscardingSink<>())
        .wire(env);
    JobExecutionResult result = env.execute("monitoring " + group);
    Map<String, Long> byRule = new java.util.TreeMap<>();
    for (RuleEvent e : events.results()) {
      byRule.merge(e.key().rule() + (e.breach() ? "" : " clear"), 1L, Long::sum);
    }
    events.clear();
    System.out.printf(Locale.ROOT, "%s: rule events by rule %s%n", group, byRule);
    return result;
  }

  /** Serialized window state of one meter-parameter (what a checkpoint holds). */
  static void stateSize() throws Exception {
    OutletHour h = OutletHour.create();
    HourAccumulator a = h.param(0);
    for (int m = 0; m < 60; m++) {
      a.addRealTime(m, 12.5, DataFlag.N, null);
      a.addRealTime(m, 13.5, DataFlag.N, null);
    }
    OutletHour empty = OutletHour.create();
    TypeSerializer<OutletHour> hs =
        TypeInformation.of(OutletHour.class).createSerializer(new SerializerConfigImpl());
    int full = size(hs, h);
    int base = size(hs, empty);
    DayWindow d = new DayWindow();
    for (int i = 0; i < 24; i++) {
      d.hours.setHour(i, 12.0, true, DataFlag.N);
    }
    int day =
        size(TypeInformation.of(DayWindow.class).createSerializer(new SerializerConfigImpl()), d);
    System.out.printf(
        Locale.ROOT,
        "state per meter-parameter: hour window %d bytes (real-time data, one hour), + %d bytes per"
            + " meter-hour; day window %d bytes; with the default 1 h lateness up to 2 hours and 2"
            + " days are open: about %d bytes per meter-parameter%n",
        full - base,
        base,
        day,
        2 * (full - base) + 2 * day + 2 * base / CODES.length);
  }

  private static <T> int size(TypeSerializer<T> s, T v) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(4096);
    s.serialize(v, out);
    return out.length();
  }
}
