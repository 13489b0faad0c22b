package io.meterwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterwatch.connectors.influx.InfluxWriter;
import io.meterwatch.core.config.SecretRef;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.core.registry.SiteRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/** The InfluxDB password does not travel in the job graph Flink serializes and stores. */
class JobGraphSecretsTest {

  @Test
  void theSerializedOperatorsCarryNoInfluxPassword() throws Exception {
    String password = "Influx-s3cret-7f1c";
    JobOptions o =
        MonitoringJobMain.parse(
            "--kafka", "127.0.0.1:9092",
            // wiring alone: no registry topic, so nothing contacts Kafka
            "--registry-topic", "none",
            "--influx-url", "http://127.0.0.1:8086",
            "--influx-user", "meterwatch",
            "--influx-password", password);
    assertThat(o.toString()).doesNotContain(password).contains("influxPassword=******");
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
    MonitoringJobMain.wire(o, env);
    // the demo registry's device passwords (HJ 212 PW) stay out of the graph too
    SiteRegistry demo = RegistryLoader.loadDefault();
    List<String> devicePasswords =
        demo.meterNumbers().stream()
            .map(mn -> demo.meter(mn).orElseThrow().password())
            .filter(Objects::nonNull)
            .toList();
    assertThat(devicePasswords).contains("415511", "043228");
    int influxSinks = 0;
    int withRegistry = 0;
    for (StreamNode node : env.getStreamGraph().getStreamNodes()) {
      byte[] bytes = InstantiationUtil.serializeObject(node.getOperatorFactory());
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      assertThat(text).as(node.getOperatorName()).doesNotContain(password);
      for (String pw : devicePasswords) {
        assertThat(text).as(node.getOperatorName() + " device password").doesNotContain(pw);
      }
      if (text.contains("610902G0010001")) {
        withRegistry++; // the registry is in the graph, so its passwords would be
      }
      if (text.contains("MW_INFLUX_PASSWORD")) {
        influxSinks++;
      }
    }
    // hourly values, rule events and case events go to InfluxDB, each carrying only the reference
    assertThat(influxSinks).isEqualTo(3);
    assertThat(withRegistry).isPositive();
  }

  @Test
  void aWriterWhereThePasswordIsUnknownSaysWhereToPutIt() {
    InfluxWriter.Builder b =
        InfluxWriter.builder()
            .url("http://127.0.0.1:1")
            .database("x")
            .createDatabase(false)
            .credentials("meterwatch", SecretRef.env("MW_TEST_UNSET_PASSWORD_VARIABLE"));
    assertThatThrownBy(b::build)
        .hasMessage(
            "no password here: set the environment variable MW_TEST_UNSET_PASSWORD_VARIABLE for"
                + " the process that runs this part (on Flink: the TaskManagers' environment)");
  }
}
