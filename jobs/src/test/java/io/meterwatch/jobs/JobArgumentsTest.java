package io.meterwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterwatch.core.quality.DetectorSwitches;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The job's options ({@link JobArguments}) as the jar's main and {@code meterwatch job} read them.
 */
class JobArgumentsTest {

  @Test
  void parsesOptionsWithDefaults() {
    JobOptions o =
        MonitoringJobMain.parse(
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
    assertThat(o.checkpointInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.groupId()).isEqualTo("meterwatch-monitoring");
    assertThat(o.influxDatabase()).isEqualTo("meterwatch");
    // the declared defaults are the settings' own defaults
    assertThat(MonitoringJobMain.parse("--kafka", "k").settings())
        .isEqualTo(MonitoringSettings.defaults());
    // one duration grammar with the simulator (core.time.DurationText)
    JobOptions combined =
        MonitoringJobMain.parse(
            "--kafka",
            "k",
            "--lateness",
            "1h30m",
            "--checkpoint-interval",
            "500ms",
            "--idleness",
            "PT2M",
            "--cases",
            "false");
    assertThat(combined.settings().allowedLateness()).isEqualTo(Duration.ofMinutes(90));
    assertThat(combined.checkpointInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(combined.settings().idleness()).isEqualTo(Duration.ofMinutes(2));
    assertThat(combined.cases()).isFalse();
  }

  @Test
  void rejectsBadOptionsNamingThem() {
    assertThatThrownBy(() -> MonitoringJobMain.parse("--lateness", "1h"))
        .hasMessage("Missing required option: '--kafka=BOOTSTRAP'");
    assertThatThrownBy(() -> MonitoringJobMain.parse("--kafka", "k", "--lateness", "soon"))
        .hasMessage(
            "Invalid value for option '--lateness': not a duration: 'soon' (write e.g. 30s, 15m,"
                + " 2h, 3d, 1d12h or PT2H)");
    assertThatThrownBy(() -> MonitoringJobMain.parse("--kafka", "k", "--zone", "Mars/Olympus"))
        .hasMessage(
            "Invalid value for option '--zone': unknown zone 'Mars/Olympus' (e.g. Asia/Shanghai,"
                + " UTC, +08:00)");
    assertThatThrownBy(() -> MonitoringJobMain.parse("--kafka", "k", "--colour", "blue"))
        .hasMessageStartingWith("Unknown options: '--colour', 'blue'");
    assertThatThrownBy(() -> MonitoringJobMain.parse("--kafka", "k", "--idleness", "0s"))
        .hasMessage("--idleness: must be positive: 0s");
    assertThatThrownBy(() -> MonitoringJobMain.parse("--kafka", "k", "--lateness", "8d"))
        .hasMessage("--lateness: above 7d keeps too much window state: 8d");
    assertThatThrownBy(() -> MonitoringJobMain.parse("--kafka", "k", "--out-of-orderness", "-1m"))
        .hasMessage("--out-of-orderness: must be zero or positive: -1m");
    assertThatThrownBy(() -> MonitoringJobMain.parse("--kafka", "k", "--checkpoint-interval", "0s"))
        .hasMessage("--checkpoint-interval: must be positive: 0s");
    assertThatThrownBy(() -> MonitoringJobMain.parse("--kafka", "k", "--parallelism", "-1"))
        .hasMessage("--parallelism: must be 0 or positive: -1");
    assertThatThrownBy(() -> MonitoringJobMain.parse("--kafka", "k", "--registry", "no.yaml"))
        .hasMessage("--registry: cannot read file no.yaml");
    assertThatThrownBy(() -> MonitoringJobMain.parse("--kafka"))
        .hasMessage("Missing required parameter for option '--kafka' (BOOTSTRAP)");
    assertThatThrownBy(() -> MonitoringJobMain.parse("--kafka", "k", "--detectors", "D1,D11"))
        .hasMessage(
            "Invalid value for option '--detectors': unknown detector 'd11' in 'D1,D11'; expected"
                + " all, none or a list of D1 ... D10 such as D1,D4");
    assertThatThrownBy(() -> MonitoringJobMain.parse("--kafka", "k", "--detectors", ""))
        .hasMessageStartingWith("Invalid value for option '--detectors': unknown detector ''");
  }

  /** docs/operations.md lists the options exactly as they are declared. */
  @Test
  void operationsDocListsTheDeclaredOptions() throws Exception {
    String table =
        JobArguments.markdownTable(new CommandLine(new MonitoringJobMain()).getCommandSpec());
    assertThat(table)
        .contains("| `--kafka BOOTSTRAP` | required |", "| `--lateness DURATION` | `1h` |");
    assertThat(Files.readString(Path.of("..", "docs", "operations.md"))).contains(table);
  }

  @Test
  void detectorSwitchesTurnDetectorsOnAndOffForTheWholeJob() throws Exception {
    DetectorSwitches some =
        MonitoringJobMain.parse("--kafka", "k", "--detectors", " d4, D1 ,D10")
            .settings()
            .detectors()
            .switches();
    assertThat(some.toString()).isEqualTo("D1,D4,D10");
    assertThat(some.on("D1")).isTrue();
    assertThat(some.on("D2")).isFalse();
    assertThat(some.on("D10")).isTrue();
    assertThat(
            MonitoringJobMain.parse("--kafka", "k", "--detectors", "NONE")
                .settings()
                .detectors()
                .switches())
        .isEqualTo(DetectorSwitches.NONE);
    // the thresholds stay the documented defaults
    assertThat(
            MonitoringJobMain.parse("--kafka", "k", "--detectors", "D1")
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
    // no registry topic: wiring it would ask Kafka to create the topic
    List<String> args = new ArrayList<>(List.of("--kafka", "k:1", "--registry-topic", "none"));
    args.addAll(List.of(options));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    MonitoringJobMain.wire(MonitoringJobMain.parse(args.toArray(String[]::new)), env);
    return env.getStreamGraph().getStreamNodes().stream().map(StreamNode::getOperatorName).toList();
  }

  @Test
  void wiresTheWholeJobWithCasesAndInfluxDb() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    MonitoringJobMain.wire(
        MonitoringJobMain.parse("--kafka", "127.0.0.1:1", "--influx-url", "http://127.0.0.1:1"),
        env);
    assertThat(env.getStreamGraph().getStreamNodes())
        .extracting(StreamNode::getOperatorName)
        .contains(
            "Source: registry",
            "registry gate",
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
