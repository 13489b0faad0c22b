package io.meterwatch.jobs;

import static io.meterwatch.core.model.ParameterCatalogue.GAS_FLOW;
import static io.meterwatch.core.model.ParameterCatalogue.O2;
import static io.meterwatch.core.model.ParameterCatalogue.SO2;
import static io.meterwatch.core.testing.Fixtures.CAL;
import static io.meterwatch.core.testing.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseEventType;
import io.meterwatch.core.cases.CasePolicy;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.input.DeadLetter;
import io.meterwatch.core.json.ReadingJson;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.rules.HourlyValue;
import io.meterwatch.devservices.EmbeddedKafka;
import io.meterwatch.devservices.FreePort;
import io.meterwatch.jobs.cases.CasePipeline;
import io.meterwatch.jobs.cases.EnterpriseNames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job's own counters reach Prometheus through Flink's reporter (flink-metrics-prometheus, as a
 * cluster configures it in its config.yaml) and move by exactly what was sent: the job runs on a
 * MiniCluster over real Kafka, unbounded, and the test scrapes the reporter while it runs.
 *
 * <p>Input, demo city, 2025-03-10 local time, one partition: three coal boilers (GB 13271-2014, SO2
 * limit 400 mg/m3 at 9 % O2, measured at 9 % O2 so converted = measured) report every minute of
 * 08:00–08:59: {@code 610902G0400001} SO2 500 (a breach), {@code 610981G0080001} and {@code
 * 610981G0090001} SO2 100; then one reading each at 10:05, which moves event time past 10:00 (the
 * end of hour 08 plus the allowed lateness of 1 h), so hour 08 is judged: three E1 events, one
 * breach, one case opened. Also one record that is no JSON ({@code BAD_JSON}) and one reading of a
 * meter the registry does not know ({@code UNKNOWN_MN}). Once hour 08 is judged, one more reading
 * of 08:30 arrives: {@code LATE}, and the readings source's watermark lag is the distance from
 * 10:03 (10:05 minus the out-of-orderness) to the moment of the scrape.
 */
class JobMetricsTest {
  private static final int PROMETHEUS_PORT = FreePort.pick();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setConfiguration(reporter())
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final String BREACHING = "610902G0400001";
  private static final String[] COMPLIANT = {"610981G0080001", "610981G0090001"};

  /** The reporter as a cluster's config.yaml sets it (docs/operations.md, "Metrics"). */
  private static Configuration reporter() {
    return Configuration.fromMap(
        Map.of(
            "metrics.reporter.prom.factory.class",
            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
            "metrics.reporter.prom.port",
            String.valueOf(PROMETHEUS_PORT)));
  }

  private static Instant at(int hour, int minute) {
    return CAL.instant(LocalDateTime.of(2025, 3, 10, hour, minute));
  }

  @Test
  void countersMoveByExactlyWhatWasSent() throws Exception {
    ReadingJson json = new ReadingJson();
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
      kafka.createTopic("readings", 1);
      kafka.createTopic("actions", 1);
      try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
        for (int m = 0; m < 60; m++) {
          // values vary a little from minute to minute: a constant signal is a finding of its own
          send(producer, json.write(boiler(BREACHING, at(8, m), 500 + m % 7)));
          for (String mn : COMPLIANT) {
            send(producer, json.write(boiler(mn, at(8, m), 100 + m % 5)));
          }
        }
        send(producer, "{not json".getBytes(StandardCharsets.UTF_8));
        send(producer, json.write(boiler("610999Z9990001", at(8, 30), 100)));
        for (String mn : new String[] {BREACHING, COMPLIANT[0], COMPLIANT[1]}) {
          send(producer, json.write(boiler(mn, at(10, 5), 100)));
        }
      }

      CollectingSink<RuleEvent> ruleEvents = new CollectingSink<>("metrics-rule-events");
      CollectingSink<CaseEvent> caseEvents = new CollectingSink<>("metrics-case-events");
      SiteRegistry registry = RegistryLoader.loadDefault();
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(1);
      MonitoringJob.Streams streams =
          new MonitoringJob(
                  MonitoringJobMain.kafkaSource(
                      kafka.bootstrapServers(), "readings", "metrics-job", CAL, false),
                  registry,
                  MonitoringSettings.defaults(),
                  ruleEvents,
                  new CollectingSink<HourlyValue>("metrics-hourly"),
                  new CollectingSink<DeadLetter>("metrics-dlq"))
              .wire(env);
      new CasePipeline(
              CasePipeline.kafkaActionsSource(kafka.bootstrapServers(), "actions", "metrics-job"),
              caseEvents,
              null,
              CasePolicy.defaults(),
              EnterpriseNames.of(Map.of()))
          .attach(streams.ruleEvents());
      JobClient job = env.executeAsync("job metrics test");
      try {
        Map<String, Double> first =
            Map.of(
                "readings", 185.0,
                "deadLetters{reason=BAD_JSON}", 1.0,
                "deadLetters{reason=UNKNOWN_MN}", 1.0,
                "deadLetters{reason=LATE}", 0.0,
                "ruleEvents{rule=E1}", 3.0,
                "casesOpened{rule=E1}", 1.0);
        Map<String, Double> seen = awaitCounters(first);
        assertThat(seen).as("job %s", job.getJobStatus().get()).containsAllEntriesOf(first);

        // every rule event the job emitted went through the case manager's counter, and every
        // OPENED case event through casesOpened: compare with what the sinks received
        assertThat(byRule(seen, "ruleEvents"))
            .isEqualTo(
                ruleEvents.results().stream()
                    .collect(
                        Collectors.groupingBy(
                            e -> e.key().rule(), TreeMap::new, Collectors.counting())));
        assertThat(byRule(seen, "casesOpened"))
            .isEqualTo(
                caseEvents.results().stream()
                    .filter(e -> e.type() == CaseEventType.OPENED)
                    .collect(
                        Collectors.groupingBy(
                            CaseEvent::rule, TreeMap::new, Collectors.counting())));

        long lateSent = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
          send(producer, json.write(boiler(COMPLIANT[0], at(8, 30), 100)));
        }
        Map<String, Double> second =
            Map.of(
                "readings", 186.0,
                "deadLetters{reason=LATE}", 1.0,
                "lateReadings{operator=route}", 1.0,
                "deadLetters{reason=BAD_JSON}", 1.0,
                "ruleEvents{rule=E1}", 3.0);
        Map<String, Double> after = awaitCounters(second);
        long scraped = System.currentTimeMillis();
        assertThat(after).containsAllEntriesOf(second);

        // The source's watermark lag (Flink's own gauge of the readings source: its clock at the
        // last record it emitted, or now while it emits, minus its watermark). The watermark is
        // where the three boilers' 10:05 readings put it, 10:05 minus the out-of-orderness of 2
        // min minus 1 ms (the late 08:30 reading does not move it back); the late reading was
        // emitted between lateSent and the scrape, so the lag lies between these two instants'
        // distances from that watermark: two minutes off in the watermark falls outside.
        long watermark = at(10, 5).toEpochMilli() - Duration.ofMinutes(2).toMillis() - 1;
        assertThat(after.get("watermarkLag{source=meter.readings}"))
            .isBetween((double) (lateSent - watermark), (double) (scraped - watermark));
      } finally {
        job.cancel().get();
      }
    }
  }

  private static io.meterwatch.core.model.Reading boiler(String mn, Instant t, double so2) {
    return reading(mn, t).rtd(SO2, so2).rtd(O2, 9).rtd(GAS_FLOW, 50).build();
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, byte[] value) {
    producer.send(new ProducerRecord<>("readings", value));
  }

  private static Map<String, Long> byRule(Map<String, Double> counters, String name) {
    Map<String, Long> out = new TreeMap<>();
    counters.forEach(
        (k, v) -> {
          if (k.startsWith(name + "{rule=") && v > 0) {
            out.put(k.substring(name.length() + 6, k.length() - 1), v.longValue());
          }
        });
    return out;
  }

  /**
   * Scrapes until the counters named in {@code expected} have those values (or 300 s passed: job
   * start and the first fetch took minutes on a loaded 2-core machine) and returns every meterwatch
   * counter of the last scrape.
   */
  private static Map<String, Double> awaitCounters(Map<String, Double> expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
    Map<String, Double> seen = scrape();
    Predicate<Map<String, Double>> done =
        m -> expected.entrySet().stream().allMatch(e -> e.getValue().equals(m.get(e.getKey())));
    while (!done.test(seen) && System.nanoTime() < deadline) {
      Thread.sleep(500);
      seen = scrape();
    }
    return seen;
  }

  /**
   * The job's counters from the reporter, summed over subtasks, named {@code readings}, {@code
   * deadLetters{reason=LATE}}, {@code ruleEvents{rule=E1}}, {@code casesOpened{rule=E1}}, {@code
   * lateReadings{operator=route}}, and the readings source's {@code
   * watermarkLag{source=meter.readings}} (largest over subtasks).
   */
  private static Map<String, Double> scrape() throws Exception {
    String text =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PROMETHEUS_PORT + "/"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Map<String, Double> out = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || !line.startsWith("flink_taskmanager_job_task_operator_")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name = line.substring(0, brace < 0 ? space : brace);
      String labels = brace < 0 ? "" : line.substring(brace, line.lastIndexOf('}') + 1);
      double value = Double.parseDouble(line.substring(space + 1));
      String key;
      if (name.endsWith("_readings")) {
        key = "readings";
      } else if (name.endsWith("_reason_deadLetters")) {
        key = "deadLetters{reason=" + label(labels, "reason") + "}";
      } else if (name.endsWith("_rule_ruleEvents")) {
        key = "ruleEvents{rule=" + label(labels, "rule") + "}";
      } else if (name.endsWith("_rule_casesOpened")) {
        key = "casesOpened{rule=" + label(labels, "rule") + "}";
      } else if (name.endsWith("_lateReadings")
          && label(labels, "operator_name").contains("route")) {
        key = "lateReadings{operator=route}";
      } else if (name.endsWith("_watermarkLag")
          && label(labels, "operator_name").contains("readings")) {
        // a lag is not summed over subtasks: the largest one holds the job back
        out.merge("watermarkLag{source=meter.readings}", value, Math::max);
        continue;
      } else {
        continue;
      }
      out.merge(key, value, Double::sum);
    }
    return out;
  }

  private static String label(String labels, String name) {
    int i = labels.indexOf(name + "=\"");
    if (i < 0) {
      return "";
    }
    int start = i + name.length() + 2;
    return labels.substring(start, labels.indexOf('"', start));
  }
}
