package io.meterwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
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
