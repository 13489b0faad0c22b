package io.meterwatch.jobs;

import io.meterwatch.connectors.kafka.KafkaClientConfig;
import io.meterwatch.jobs.cases.CasePipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The Kafka topics the job reads and writes, with the settings docs/operations.md documents: the
 * job checks that they exist before it starts (a missing topic would otherwise make the Kafka
 * source and sinks fail over in a loop), and creates the missing ones when asked ({@code
 * --create-topics}).
 *
 * @param name the topic
 * @param partitions partitions when created
 * @param configs topic configs when created
 */
public record JobTopics(String name, int partitions, Map<String, String> configs) {

  /** How long the job waits for Kafka's answer about its topics. */
  public static final long ADMIN_TIMEOUT_SECONDS = 30;

  /** The topics of a job with {@code options}, in the order docs/operations.md lists them. */
  public static List<JobTopics> of(JobOptions options) {
    List<JobTopics> topics = new ArrayList<>();
    // 2 partitions per task so that keys spread evenly (docs/operations.md, section 1).
    int readingPartitions = 2 * Math.max(1, options.parallelism());
    topics.add(
        new JobTopics(
            options.readingsTopic(),
            readingPartitions,
            Map.of("retention.ms", days(7), "compression.type", "lz4")));
    topics.add(new JobTopics(options.deadLetterTopic(), 1, Map.of("retention.ms", days(30))));
    if (options.cases()) {
      topics.add(
          new JobTopics(
              CasePipeline.ALERTS_TOPIC,
              3,
              Map.of("cleanup.policy", "delete", "retention.ms", days(400))));
      topics.add(new JobTopics(CasePipeline.CASES_TOPIC, 3, Map.of("cleanup.policy", "compact")));
      topics.add(new JobTopics(CasePipeline.ACTIONS_TOPIC, 1, Map.of("retention.ms", days(400))));
    }
    return topics;
  }

  private static String days(long n) {
    return Long.toString(TimeUnit.DAYS.toMillis(n));
  }

  /**
   * The names of {@code topics} that Kafka at {@code bootstrap} does not have; with {@code create},
   * creates them first and returns none.
   *
   * @throws IllegalStateException when Kafka does not answer in {@link #ADMIN_TIMEOUT_SECONDS}
   */
  public static List<String> missing(String bootstrap, List<JobTopics> topics, boolean create)
      throws InterruptedException {
    Properties client = new Properties();
    client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return missing(client, topics, create);
  }

  /**
   * The same with whole Kafka client properties ({@code bootstrap.servers} and {@code
   * --kafka-config}).
   *
   * @throws IllegalStateException when Kafka does not answer in {@link #ADMIN_TIMEOUT_SECONDS} or
   *     refuses the login or the access
   */
  public static List<String> missing(Properties client, List<JobTopics> topics, boolean create)
      throws InterruptedException {
    String bootstrap = client.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
    Properties p = new Properties();
    p.putAll(client);
    p.put(
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
        (int) TimeUnit.SECONDS.toMillis(ADMIN_TIMEOUT_SECONDS));
    try (Admin admin = Admin.create(p)) {
      Set<String> existing =
          admin.listTopics().names().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<JobTopics> absent = topics.stream().filter(t -> !existing.contains(t.name())).toList();
      if (absent.isEmpty() || !create) {
        return absent.stream().map(JobTopics::name).toList();
      }
      List<NewTopic> news =
          absent.stream()
              .map(
                  t ->
                      new NewTopic(t.name(), Optional.of(t.partitions()), Optional.empty())
                          .configs(t.configs()))
              .toList();
      for (var f : admin.createTopics(news).values().values()) {
        try {
          f.get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          // Another job or a person created it in the meantime: it exists, which is what counts.
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic: " + e.getCause().getMessage());
          }
        }
      }
      return List.of();
    } catch (ExecutionException | TimeoutException e) {
      String refused = KafkaClientConfig.explain(e);
      if (refused != null) {
        throw new IllegalStateException(refused);
      }
      throw new IllegalStateException(
          "no answer from Kafka at "
              + bootstrap
              + " within "
              + ADMIN_TIMEOUT_SECONDS
              + " s; "
              + KafkaClientConfig.NO_ANSWER_HINT);
    }
  }
}
