package io.meterwatch.connectors.bridge;

import io.meterwatch.connectors.mqtt.MqttTls;
import io.meterwatch.core.registry.RegistryInForce;
import io.meterwatch.core.time.LocalCalendar;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The checked, immutable settings of one {@link MqttKafkaBridge}, made by {@link
 * MqttKafkaBridgeBuilder#settings()} (which says which setting is wrong). Meanings and defaults:
 * docs/bridge.md, Configuration.
 *
 * @param mqttUrl the broker, {@code tcp://}, {@code ssl://}, {@code ws://} or {@code wss://}
 * @param kafkaBootstrap Kafka's {@code bootstrap.servers}
 * @param topicFilter the MQTT topic filter; its first {@code +} level is the MN
 * @param sharedGroup the shared-subscription group, or {@code null} for a plain subscription
 * @param readingsTopic the Kafka topic of accepted readings
 * @param dlqTopic the Kafka topic of dead letters
 * @param partsTopic the Kafka topic split-packet parts go to, keyed by MN, to be put together by
 *     whichever bridge reads that MN's partition; {@code null} to put them together in memory
 * @param ackTopic where 9014 acknowledgements go, with {@code {mn}}
 * @param registries the registry version in force when a message arrives (its registry {@code null}
 *     for no MN and PW checks)
 * @param mqttUser the MQTT user name, or {@code null} for anonymous
 * @param mqttPassword the MQTT password, or {@code null}; never printed
 * @param mqttTls the CA and client certificate of an {@code ssl://} connection, or {@code null} for
 *     the JVM's default truststore and no client certificate
 * @param clientId the MQTT client id, which names the persistent session
 * @param calendar the zone of HJ 212 DataTime
 * @param splitTimeout how long a split packet waits for its parts
 * @param queueCapacity messages in the hand-off queue between Paho and the worker, at most
 * @param maxInFlightRecords records sent to Kafka and not yet acknowledged, at most
 * @param maxInFlightBytes payload bytes received and not yet acknowledged, at most (one message
 *     larger than this still passes alone)
 * @param maxPayloadBytes larger payloads go to the DLQ as {@code PAYLOAD_TOO_LARGE}
 * @param mqttMaxInflight Paho's window for the bridge's own QoS 1 publishes
 * @param metricsBind the address of {@code /metrics} and {@code /health} (port 0 = any free one),
 *     or {@code null} for none
 * @param shutdownTimeout how long a stop waits for in-flight records
 * @param kafkaRetryBudget how long a record may keep failing with retriable errors before the
 *     bridge stops
 * @param maxFutureSkew readings dated further ahead of their receive time go to the DLQ as {@code
 *     FUTURE_TIME}
 * @param clock the clock of receive times and timeouts
 * @param kafkaProperties further producer settings, applied over the bridge's
 */
public record BridgeSettings(
    String mqttUrl,
    String kafkaBootstrap,
    String topicFilter,
    String sharedGroup,
    String readingsTopic,
    String dlqTopic,
    String partsTopic,
    String ackTopic,
    Supplier<RegistryInForce> registries,
    String mqttUser,
    String mqttPassword,
    MqttTls mqttTls,
    String clientId,
    LocalCalendar calendar,
    Duration splitTimeout,
    int queueCapacity,
    int maxInFlightRecords,
    long maxInFlightBytes,
    int maxPayloadBytes,
    int mqttMaxInflight,
    InetSocketAddress metricsBind,
    Duration shutdownTimeout,
    Duration kafkaRetryBudget,
    Duration maxFutureSkew,
    Clock clock,
    Map<String, Object> kafkaProperties) {

  /** Bytes of the original a {@code PAYLOAD_TOO_LARGE} or {@code KAFKA_REJECTED} letter keeps. */
  public static final int TRUNCATED_COPY_BYTES = 1024;

  public BridgeSettings {
    kafkaProperties = Collections.unmodifiableMap(new LinkedHashMap<>(kafkaProperties));
  }

  /** The subscription as sent to the broker, e.g. {@code $share/bridges/meters/+/data}. */
  public String subscription() {
    return sharedGroup == null ? topicFilter : "$share/" + sharedGroup + "/" + topicFilter;
  }

  /** Like the record's, with the password masked: settings get logged. */
  @Override
  public String toString() {
    return "BridgeSettings[mqttUrl="
        + mqttUrl
        + ", kafkaBootstrap="
        + kafkaBootstrap
        + ", subscription="
        + subscription()
        + ", readingsTopic="
        + readingsTopic
        + ", dlqTopic="
        + dlqTopic
        + ", partsTopic="
        + partsTopic
        + ", clientId="
        + clientId
        + ", mqttUser="
        + mqttUser
        + ", mqttPassword="
        + (mqttPassword == null ? null : "***")
        + ", maxPayloadBytes="
        + maxPayloadBytes
        + ", kafkaRetryBudget="
        + kafkaRetryBudget
        + ", maxFutureSkew="
        + maxFutureSkew
        + "]";
  }
}
