package io.meterwatch.connectors.influx;

import static io.meterwatch.connectors.influx.InfluxTesting.count;
import static io.meterwatch.connectors.influx.InfluxTesting.rows;
import static io.meterwatch.core.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterwatch.core.cases.CaseKey;
import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.Evidence;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.cases.Severity;
import io.meterwatch.devservices.InfluxdProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.influxdb.dto.Point;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InfluxSinkTest {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static InfluxdProcess influx;

  @BeforeAll
  static void startInflux() throws IOException {
    influx = InfluxdProcess.startDefault();
  }

  @AfterAll
  static void stopInflux() {
    influx.close();
  }

  @Test
  void writesEveryRuleEventOfABoundedStreamOnce() throws Exception {
    List<RuleEvent> events = new ArrayList<>();
    for (int h = 0; h < 300; h++) {
      String outlet = "DA00" + (h % 3);
      events.add(
          new RuleEvent(
              new CaseKey("E1", outlet, "E1", "a21026"),
              Domain.EMISSION,
              "Hanbin",
              h % 2 == 0,
              Severity.WARNING,
              new Evidence(
                  T0.plusSeconds(3600L * h),
                  T0.plusSeconds(3600L * (h + 1)),
                  (double) h,
                  35.0,
                  "mg/m3",
                  "GB",
                  null,
                  60,
                  null)));
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
    env.enableCheckpointing(200);
    InfluxWriter.Settings settings =
        InfluxWriter.builder().url(influx.url()).database("sink").batchSize(16).settings();
    env.fromData(events).sinkTo(new InfluxSink<>(settings, InfluxPoints::ruleEvent));
    env.execute("influx sink test");

    assertThat(count(influx, "sink", InfluxPoints.RULE_EVENT, "value")).isEqualTo(300);
    var breaches =
        rows(influx, "sink", "SELECT count(\"value\") FROM rule_event WHERE breach = true");
    assertThat(breaches.get(0).get("count").asLong()).isEqualTo(150);
    var da001 =
        rows(
            influx,
            "sink",
            "SELECT sum(\"value\") FROM rule_event WHERE outlet = 'DA001' GROUP BY outlet");
    // hours 1, 4, ..., 298: 100 terms, sum = 100 * (1 + 298) / 2
    assertThat(da001.get(0).get("sum").asDouble()).isEqualTo(14_950.0);
  }

  @Test
  void aRejectedBatchFailsTheJobLoudly() throws Exception {
    influx.createDatabase("loud");
    try (InfluxWriter w = InfluxWriter.builder().url(influx.url()).database("loud").build()) {
      w.write(Point.measurement("m").addField("v", "text").time(1L, TimeUnit.SECONDS).build());
      w.flush();
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    InfluxWriter.Settings settings =
        InfluxWriter.builder()
            .url(influx.url())
            .database("loud")
            .maxRetryTime(Duration.ofSeconds(2))
            .settings();
    env.fromData(1.0, 2.0, 3.0)
        .sinkTo(
            new InfluxSink<Double>(
                settings,
                v ->
                    Point.measurement("m")
                        .addField("v", v)
                        .time(v.longValue(), TimeUnit.SECONDS)
                        .build()));
    assertThatThrownBy(() -> env.execute("influx 4xx"))
        .satisfies(
            e ->
                assertThat(ExceptionUtils.findThrowable(e, InfluxWriteException.class))
                    .hasValueSatisfying(
                        iwe -> assertThat(iwe.getMessage()).contains("field type conflict")));
  }
}
