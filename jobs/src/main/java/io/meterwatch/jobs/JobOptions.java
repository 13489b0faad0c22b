package io.meterwatch.jobs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * The checked configuration of the monitoring job, as {@link JobArguments} reads it from the
 * command line of {@link MonitoringJobMain} and {@code meterwatch job}.
 *
 * @param kafka Kafka bootstrap servers (required)
 * @param kafkaConfig the settings of {@code --kafka-config} (security.protocol, sasl.*, ssl.*) for
 *     every Kafka client of the job, empty for none; never printed by {@link #toString()}
 * @param influxUrl InfluxDB base URL, or {@code null} to write nothing to InfluxDB
 * @param influxDatabase InfluxDB database
 * @param influxUser InfluxDB user, or {@code null}
 * @param influxPassword InfluxDB password given to this process (file, flag or prompt), or {@code
 *     null}: then the sinks read {@code MW_INFLUX_PASSWORD} where they run; never printed by {@link
 *     #toString()}
 * @param registry registry YAML file, or {@code null} for the shipped demo city
 * @param registryTopic the topic of published registry versions the job follows, or {@code null} to
 *     judge by the registry file alone
 * @param readingsTopic the readings topic
 * @param deadLetterTopic the dead-letter topic
 * @param groupId the consumer group of the job
 * @param settings zone, out-of-orderness, idleness, lateness, detectors switched on
 * @param checkpointInterval checkpoint interval (exactly-once alerts commit on checkpoints)
 * @param cases whether to run the case manager (alerts topic, case.actions) in the job
 * @param parallelism job parallelism, or 0 for the environment's default
 * @param maxFutureSkew how far a reading's data time may lie after its record's timestamp before it
 *     is dead-lettered as FUTURE_TIME
 * @param createTopics whether to create missing topics instead of stopping
 * @param stateDir where a single-node job keeps its state and checkpoints and resumes from, or
 *     {@code null} for the environment's checkpoint storage
 */
public record JobOptions(
    String kafka,
    Map<String, String> kafkaConfig,
    String influxUrl,
    String influxDatabase,
    String influxUser,
    String influxPassword,
    Path registry,
    String registryTopic,
    String readingsTopic,
    String deadLetterTopic,
    String groupId,
    MonitoringSettings settings,
    Duration checkpointInterval,
    boolean cases,
    int parallelism,
    Duration maxFutureSkew,
    boolean createTopics,
    Path stateDir) {

  public JobOptions {
    kafkaConfig = Map.copyOf(kafkaConfig);
  }

  /** {@code bootstrap.servers} and the {@code --kafka-config} settings, for one Kafka client. */
  public Properties kafkaClient() {
    Properties p = new Properties();
    p.putAll(kafkaConfig);
    p.put("bootstrap.servers", kafka);
    return p;
  }

  /** Like the record's, without the InfluxDB password and the Kafka client settings' values. */
  @Override
  public String toString() {
    return "JobOptions[kafka="
        + kafka
        + ", kafkaConfig="
        + new java.util.TreeSet<>(kafkaConfig.keySet())
        + ", influxUrl="
        + influxUrl
        + ", influxDatabase="
        + influxDatabase
        + ", influxUser="
        + influxUser
        + ", influxPassword="
        + (influxPassword == null ? "none" : "******")
        + ", registry="
        + registry
        + ", readingsTopic="
        + readingsTopic
        + ", deadLetterTopic="
        + deadLetterTopic
        + ", groupId="
        + groupId
        + ", settings="
        + settings
        + ", checkpointInterval="
        + checkpointInterval
        + ", cases="
        + cases
        + ", parallelism="
        + parallelism
        + ", maxFutureSkew="
        + maxFutureSkew
        + ", createTopics="
        + createTopics
        + ", stateDir="
        + stateDir
        + "]";
  }
}
