package io.meterwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterwatch.core.quality.DetectorSwitches;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

class JobOptionsTest {

  @Test
  void parsesOptionsWithDefaults() {
    JobOptions o =
        JobOptions.parse(
            "--kafka", "127.0.0.1:9092", "--lateness", "30m", "--zone=UTC", "--parallelism", "3");
    assertThat(o.kafka()).isEqualTo("127.0.0.1:9092");
    assertThat(o.settings().allowedLateness()).isEqualTo(Duration.ofMinutes(30));
    assertThat(o.settings().outOfOrderness()).isEqualTo(Duration.ofMinutes(2));
    assertThat(o.settings().idleness()).isEqualTo(Duration.ofMinutes(1));
    assertThat(o.settings().calendar().zone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(o.readingsTopic()).isEqualTo("meter.readings");
    assertThat(o.deadLetterTopic()).isEqualTo("meter.readings.dlq");
    assertThat(o.influxUrl()).isNull();
    assertThat(o.cases()).isTrue();
    assertThat(o.parallelism()).isEqualTo(3);
    assertThat(o.settings().detectors().switches()).isEqualTo(DetectorSwitches.ALL);
    assertThat(JobOptions.parseDuration("PT2M")).isEqualTo(Duration.ofMinutes(2));
    assertThat(JobOptions.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void rejectsBadOptionsNamingThem() {
    assertThatThrownBy(() -> JobOptions.parse("--lateness", "1h"))
        .hasMessage("--kafka BOOTSTRAP is required");
    assertThatThrownBy(() -> JobOptions.parse("--kafka", "k", "--lateness", "soon"))
        .hasMessageStartingWith("--lateness: not a duration: 'soon'");
    assertThatThrownBy(() -> JobOptions.parse("--kafka", "k", "--zone", "Mars/Olympus"))
        .hasMessage("--zone: unknown zone 'Mars/Olympus'");
    assertThatThrownBy(() -> JobOptions.parse("--kafka", "k", "--colour", "blue"))
        .hasMessage("unknown option --colour");
    assertThatThrownBy(() -> JobOptions.parse("--kafka", "k", "--idleness", "0s"))
        .hasMessage("--idleness must be positive");
    assertThatThrownBy(() -> JobOptions.parse("--kafka")).hasMessage("--kafka needs a value");
    assertThatThrownBy(() -> JobOptions.parse("--kafka", "k", "--detectors", "D1,D11"))
        .hasMessage(
            "--detectors: unknown detector 'd11' in 'D1,D11'; expected all, none or a list of"
                + " D1 ... D10 such as D1,D4");
    assertThatThrownBy(() -> JobOptions.parse("--kafka", "k", "--detectors", ""))
        .hasMessageStartingWith("--detectors: unknown detector ''");
  }

  @Test
  void detectorSwitchesTurnDetectorsOnAndOffForTheWholeJob() throws Exception {
    DetectorSwitches some =
        JobOptions.parse("--kafka", "k", "--detectors", " d4, D1 ,D10")
            .settings()
            .detectors()
            .switches();
    assertThat(some.toString()).isEqualTo("D1,D4,D10");
    assertThat(some.on("D1")).isTrue();
    assertThat(some.on("D2")).isFalse();
    assertThat(some.on("D10")).isTrue();
    assertThat(
            JobOptions.parse("--kafka", "k", "--detectors", "NONE")
                .settings()
                .detectors()
                .switches())
        .isEqualTo(DetectorSwitches.NONE);
    // the thresholds stay the documented defaults
    assertThat(
            JobOptions.parse("--kafka", "k", "--detectors", "D1")
                .settings()
                .detectors()
                .offlineAfter())
        .isEqualTo(Duration.ofMinutes(30));

    assertThat(operators("--detectors", "all"))
        .contains(READING_DETECTORS, HOUR_DETECTORS, COUNTER_DETECTORS);
    assertThat(operators()).contains(READING_DETECTORS, HOUR_DETECTORS, COUNTER_DETECTORS);
    assertThat(operators("--detectors", "none"))
        .doesNotContain(READING_DETECTORS, HOUR_DETECTORS, COUNTER_DETECTORS)
        .contains("E1 hourly exceedance", "Q1 energy quota");
    assertThat(operators("--detectors", "D1,D4"))
        .contains(READING_DETECTORS)
        .doesNotContain(HOUR_DETECTORS, COUNTER_DETECTORS);
    assertThat(operators("--detectors", "D8"))
        .contains(HOUR_DETECTORS)
        .doesNotContain(READING_DETECTORS, COUNTER_DETECTORS);
    assertThat(operators("--detectors", "D10"))
        .contains(COUNTER_DETECTORS)
        .doesNotContain(READING_DETECTORS, HOUR_DETECTORS);
    assertThat(operators("--detectors", "D2"))
        .contains(HOUR_DETECTORS, COUNTER_DETECTORS)
        .doesNotContain(READING_DETECTORS);
  }

  private static final String READING_DETECTORS = "D1 D4 D5 D6 D7 D9 reading detectors";
  private static final String HOUR_DETECTORS = "D2 D3 D8 hour detectors";
  private static final String COUNTER_DETECTORS = "D10 D2-month counter detectors";

  /** The operator names of the job wired with the options. */
  private static List<String> operators(String... options) throws Exception {
    List<String> args = new ArrayList<>(List.of("--kafka", "k:1"));
    args.addAll(List.of(options));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    MonitoringJobMain.wire(JobOptions.parse(args.toArray(String[]::new)), env);
    return env.getStreamGraph().getStreamNodes().stream().map(StreamNode::getOperatorName).toList();
  }

  @Test
  void wiresTheWholeJobWithCasesAndInfluxDb() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    MonitoringJobMain.wire(
        JobOptions.parse("--kafka", "127.0.0.1:1", "--influx-url", "http://127.0.0.1:1"), env);
    assertThat(env.getStreamGraph().getStreamNodes())
        .extracting(StreamNode::getOperatorName)
        .contains(
            "route readings",
            "hourly validity",
            "E1 hourly exceedance",
            "daily validity",
            "E2 daily exceedance",
            "L1 annual load",
            "Q1 energy quota",
            "case manager");
  }
}
