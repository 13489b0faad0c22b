package io.meterwatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.devservices.EmbeddedKafka;
import io.meterwatch.jobs.cases.CasePipeline;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The job against a Kafka without its topics (a real KRaft broker that does not create topics on
 * use): it stops before anything starts with one line naming the missing topics, exit 2, or creates
 * them with the documented settings when started with {@code --create-topics}.
 */
class JobTopicsTest {

  record Run(int status, String out, String err) {}

  private static Run jar(String... args) {
    CommandLine cl = MonitoringJobMain.commandLine(new MonitoringJobMain());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void missingTopicsStopTheStartOrAreCreatedWhenAsked() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().autoCreateTopics(false).start()) {
      String bootstrap = kafka.bootstrapServers();
      Run none = jar("--kafka", bootstrap);
      assertThat(none.status()).isEqualTo(2);
      assertThat(none.out()).isEmpty();
      assertThat(none.err())
          .isEqualTo(
              "meterwatch-jobs.jar: --kafka "
                  + bootstrap
                  + " has no topic meter.readings, meter.readings.dlq, alerts, cases, case.actions:"
                  + " create them as docs/operations.md (section 1) shows, or add"
                  + " --create-topics\n");

      kafka.createTopic("meter.readings", 1);
      kafka.createTopic("meter.readings.dlq", 1);
      // without the case manager the readings and dead letters are all it needs
      assertThat(
              JobTopics.missing(
                  bootstrap,
                  JobTopics.of(MonitoringJobMain.parse("--kafka", bootstrap, "--cases", "false")),
                  false))
          .isEmpty();
      Run cases = jar("--kafka", bootstrap);
      assertThat(cases.status()).isEqualTo(2);
      assertThat(cases.err()).contains(" has no topic alerts, cases, case.actions: ");

      JobOptions create =
          MonitoringJobMain.parse(
              "--kafka",
              bootstrap,
              "--create-topics",
              "--parallelism",
              "3",
              "--topic",
              "fresh.readings");
      assertThat(JobTopics.missing(bootstrap, JobTopics.of(create), true)).isEmpty();
      assertThat(JobTopics.missing(bootstrap, JobTopics.of(create), false)).isEmpty();
      try (Admin admin = kafka.admin()) {
        Map<String, TopicDescription> d =
            admin
                .describeTopics(List.of(CasePipeline.ALERTS_TOPIC, CasePipeline.ACTIONS_TOPIC))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS);
        assertThat(d.get(CasePipeline.ALERTS_TOPIC).partitions()).hasSize(3);
        // two partitions per task of the job
        assertThat(
                admin
                    .describeTopics(List.of("fresh.readings"))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get("fresh.readings")
                    .partitions())
            .hasSize(6);
        assertThat(config(admin, "fresh.readings"))
            .containsEntry("retention.ms", "604800000")
            .containsEntry("compression.type", "lz4");
        assertThat(d.get(CasePipeline.ACTIONS_TOPIC).partitions()).hasSize(1);
        assertThat(config(admin, CasePipeline.ALERTS_TOPIC))
            .containsEntry("cleanup.policy", "delete")
            .containsEntry("retention.ms", "34560000000");
        assertThat(config(admin, CasePipeline.CASES_TOPIC))
            .containsEntry("cleanup.policy", "compact");
        assertThat(config(admin, CasePipeline.ACTIONS_TOPIC))
            .containsEntry("retention.ms", "34560000000");
      }
    }
  }

  private static Map<String, String> config(Admin admin, String topic) throws Exception {
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config c = admin.describeConfigs(List.of(r)).all().get(30, TimeUnit.SECONDS).get(r);
    Map<String, String> m = new TreeMap<>();
    c.entries().forEach(e -> m.put(e.name(), e.value()));
    return m;
  }
}
