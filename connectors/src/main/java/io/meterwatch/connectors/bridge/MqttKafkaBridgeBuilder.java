package io.meterwatch.connectors.bridge;

import io.meterwatch.connectors.mqtt.MqttTls;
import io.meterwatch.core.json.ReadingJson;
import io.meterwatch.core.registry.RegistryInForce;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.time.LocalCalendar;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/** Settings of a {@link MqttKafkaBridge}; defaults in the fields, checks in {@link #settings()}. */
public final class MqttKafkaBridgeBuilder {
  private static final RegistryInForce NO_REGISTRY = new RegistryInForce(0, null);

  private String mqttUrl;
  private String kafkaBootstrap;
  private String topicFilter = "meters/+/data";
  private String sharedGroup;
  private String readingsTopic = "meter.readings";
  private String dlqTopic = "meter.readings.dlq";
  private String partsTopic;
  private String ackTopic = "meters/{mn}/ack";
  private Supplier<RegistryInForce> registries = () -> NO_REGISTRY;
  private String mqttUser;
  private String mqttPassword;
  private MqttTls mqttTls;
  private String clientId = "meterwatch-bridge-" + hostName();
  private LocalCalendar calendar = LocalCalendar.defaultCalendar();
  private Duration splitTimeout = Duration.ofSeconds(60);
  private int queueCapacity = 10_000;
  private int maxInFlightRecords = 20_000;
  private long maxInFlightBytes = MqttKafkaBridge.DEFAULT_MAX_IN_FLIGHT_BYTES;
  private int maxPayloadBytes = MqttKafkaBridge.DEFAULT_MAX_PAYLOAD_BYTES;
  private int mqttMaxInflight = 1_000;
  private String metricsBind;
  private Duration shutdownTimeout = Duration.ofSeconds(30);
  private Duration kafkaRetryBudget = MqttKafkaBridge.DEFAULT_KAFKA_RETRY_BUDGET;
  private Duration maxFutureSkew = ReadingJson.DEFAULT_MAX_FUTURE_SKEW;
  private Clock clock = Clock.systemUTC();
  private final Map<String, Object> kafkaProperties = new LinkedHashMap<>();

  MqttKafkaBridgeBuilder() {}

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /** The broker, e.g. {@code tcp://127.0.0.1:1883} or {@code ssl://broker:8883}. Required. */
  public MqttKafkaBridgeBuilder mqttUrl(String url) {
    this.mqttUrl = url;
    return this;
  }

  /** Kafka's {@code bootstrap.servers}. Required. */
  public MqttKafkaBridgeBuilder kafkaBootstrap(String bootstrap) {
    this.kafkaBootstrap = bootstrap;
    return this;
  }

  /** The topic filter; its first {@code +} level is the MN. Default {@code meters/+/data}. */
  public MqttKafkaBridgeBuilder topicFilter(String filter) {
    this.topicFilter = filter;
    return this;
  }

  /**
   * Forward split-packet parts to this Kafka topic (keyed by MN) and put them together from there,
   * so that parts a shared subscription hands to different bridges meet; default none (parts are
   * put together in this bridge's memory).
   */
  public MqttKafkaBridgeBuilder partsTopic(String topic) {
    this.partsTopic = topic;
    return this;
  }

  /** Subscribe as {@code $share/GROUP/filter} so instances split the load; default none. */
  public MqttKafkaBridgeBuilder sharedGroup(String group) {
    this.sharedGroup = group;
    return this;
  }

  /** Default {@code meter.readings}. */
  public MqttKafkaBridgeBuilder readingsTopic(String topic) {
    this.readingsTopic = topic;
    return this;
  }

  /** Default {@code meter.readings.dlq}. */
  public MqttKafkaBridgeBuilder dlqTopic(String topic) {
    this.dlqTopic = topic;
    return this;
  }

  /** Where 9014 acknowledgements go, with {@code {mn}}; default {@code meters/{mn}/ack}. */
  public MqttKafkaBridgeBuilder ackTopic(String template) {
    this.ackTopic = template;
    return this;
  }

  /** Check MN and PW against this registry; default none (no registry checks). */
  public MqttKafkaBridgeBuilder registry(SiteRegistry registry) {
    RegistryInForce fixed = new RegistryInForce(0, registry);
    this.registries = () -> fixed;
    return this;
  }

  /**
   * Check MN and PW against the registry version in force when each message arrives (a {@link
   * io.meterwatch.connectors.registry.RegistryFollower} following the registry topic); the version
   * is recorded in each reading.
   */
  public MqttKafkaBridgeBuilder registry(Supplier<RegistryInForce> versionInForce) {
    this.registries = Objects.requireNonNull(versionInForce, "versionInForce");
    return this;
  }

  /** The registry versions messages are judged by. */
  public Supplier<RegistryInForce> registryInForce() {
    return registries;
  }

  /**
   * CA and client certificate of an {@code ssl://} or {@code wss://} connection; default {@code
   * null}: the JVM's default truststore, no client certificate.
   */
  public MqttKafkaBridgeBuilder mqttTls(MqttTls tls) {
    this.mqttTls = tls;
    return this;
  }

  /** MQTT user name and password; default anonymous. */
  public MqttKafkaBridgeBuilder mqttCredentials(String user, String password) {
    this.mqttUser = user;
    this.mqttPassword = password;
    return this;
  }

  /**
   * The MQTT client id, which names the persistent session: keep it stable across restarts and
   * distinct per instance. Default {@code meterwatch-bridge-HOSTNAME}.
   */
  public MqttKafkaBridgeBuilder clientId(String id) {
    this.clientId = id;
    return this;
  }

  /** The zone of HJ 212 DataTime; default Asia/Shanghai. */
  public MqttKafkaBridgeBuilder calendar(LocalCalendar calendar) {
    this.calendar = calendar;
    return this;
  }

  /** How long a split packet may wait for its parts; default 60 s. */
  public MqttKafkaBridgeBuilder splitTimeout(Duration timeout) {
    this.splitTimeout = timeout;
    return this;
  }

  /** Hand-off queue between Paho and the worker; default 10 000 messages. */
  public MqttKafkaBridgeBuilder queueCapacity(int n) {
    this.queueCapacity = n;
    return this;
  }

  /** Records sent to Kafka and not yet acknowledged, at most; default 20 000. */
  public MqttKafkaBridgeBuilder maxInFlightRecords(int n) {
    this.maxInFlightRecords = n;
    return this;
  }

  /** Payload bytes received and not yet acknowledged, at most; default 64 MiB. */
  public MqttKafkaBridgeBuilder maxInFlightBytes(long n) {
    this.maxInFlightBytes = n;
    return this;
  }

  /** Larger payloads go to the DLQ as {@code PAYLOAD_TOO_LARGE}; default 64 KiB. */
  public MqttKafkaBridgeBuilder maxPayloadBytes(int n) {
    this.maxPayloadBytes = n;
    return this;
  }

  /** Paho's window for the bridge's own QoS 1 publishes (9014 acks); default 1000. */
  public MqttKafkaBridgeBuilder mqttMaxInflight(int n) {
    this.mqttMaxInflight = n;
    return this;
  }

  /**
   * Serve Prometheus text on {@code http://HOST:PORT/metrics} and the health on {@code /health}
   * ({@code HOST:PORT}, {@code [IPv6]:PORT}; port 0 = any free one); {@code null} (the default) =
   * off.
   */
  public MqttKafkaBridgeBuilder metricsBind(String hostPort) {
    this.metricsBind = hostPort;
    return this;
  }

  /** {@link #metricsBind} on the loopback interface: {@code 127.0.0.1:PORT}, null = off. */
  public MqttKafkaBridgeBuilder metricsPort(Integer port) {
    return metricsBind(port == null ? null : "127.0.0.1:" + port);
  }

  /** How long {@link #close()} waits for in-flight records; default 30 s. */
  public MqttKafkaBridgeBuilder shutdownTimeout(Duration timeout) {
    this.shutdownTimeout = timeout;
    return this;
  }

  /**
   * How long a record may keep failing with retriable Kafka errors before the bridge stops (its
   * messages stay at the broker); default 5 min.
   */
  public MqttKafkaBridgeBuilder kafkaRetryBudget(Duration budget) {
    this.kafkaRetryBudget = budget;
    return this;
  }

  /**
   * Readings dated more than this after their receive time go to the DLQ as {@code FUTURE_TIME};
   * default 1 day.
   */
  public MqttKafkaBridgeBuilder maxFutureSkew(Duration skew) {
    this.maxFutureSkew = skew;
    return this;
  }

  /** The clock for receive times and split timeouts; default the system clock. */
  public MqttKafkaBridgeBuilder clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /** Any other Kafka producer setting, applied over the bridge's. */
  public MqttKafkaBridgeBuilder kafkaProperty(String key, Object value) {
    kafkaProperties.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
    return this;
  }

  /**
   * The decoder a bridge with these settings uses for every message (topic filter, registry,
   * calendar, split timeout, size cap, future skew): for callers that replay MQTT payloads without
   * a broker, such as the job's whole-scenario tests, and must get exactly the bridge's readings
   * and rejections. Needs no broker addresses.
   */
  public UploadValidator validator() {
    return MqttKafkaBridge.validator(unchecked());
  }

  /** The settings as they are, without checks. */
  private BridgeSettings unchecked() {
    return new BridgeSettings(
        mqttUrl,
        kafkaBootstrap,
        topicFilter,
        sharedGroup,
        readingsTopic,
        dlqTopic,
        partsTopic,
        ackTopic,
        registries,
        mqttUser,
        mqttPassword,
        mqttTls,
        clientId,
        calendar,
        splitTimeout,
        queueCapacity,
        maxInFlightRecords,
        maxInFlightBytes,
        maxPayloadBytes,
        mqttMaxInflight,
        metricsBind == null ? null : MetricsEndpoint.address(metricsBind),
        shutdownTimeout,
        kafkaRetryBudget,
        maxFutureSkew,
        clock,
        kafkaProperties);
  }

  /** Checks every setting and returns them, immutable; the message names the wrong one. */
  public BridgeSettings settings() {
    require(mqttUrl != null && !mqttUrl.isBlank(), "mqttUrl is required, e.g. tcp://host:1883");
    URI uri;
    try {
      uri = URI.create(mqttUrl);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("mqttUrl is not a URL: " + mqttUrl, e);
    }
    require(
        List.of("tcp", "ssl", "ws", "wss").contains(String.valueOf(uri.getScheme()))
            && uri.getHost() != null,
        "mqttUrl must look like tcp://host:port (or ssl://, ws://, wss://), was " + mqttUrl);
    require(
        kafkaBootstrap != null && kafkaBootstrap.matches("[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*"),
        "kafkaBootstrap must be host:port[,host:port...], was " + kafkaBootstrap);
    MeterTopic.mnLevel(topicFilter);
    new MeterTopic(topicFilter, ackTopic);
    require(
        sharedGroup == null || sharedGroup.matches("[^/+#\\s]+"),
        "sharedGroup must be a non-empty name without / + # or spaces, was " + sharedGroup);
    require(validTopic(readingsTopic), "readingsTopic is not a Kafka topic name: " + readingsTopic);
    require(validTopic(dlqTopic), "dlqTopic is not a Kafka topic name: " + dlqTopic);
    require(!readingsTopic.equals(dlqTopic), "readingsTopic and dlqTopic must differ");
    require(
        partsTopic == null
            || (validTopic(partsTopic)
                && !partsTopic.equals(readingsTopic)
                && !partsTopic.equals(dlqTopic)),
        "partsTopic must be a Kafka topic name other than readingsTopic and dlqTopic, was "
            + partsTopic);
    require(
        clientId != null && !clientId.isBlank() && clientId.length() <= 65535,
        "clientId must not be empty");
    require(mqttUser != null || mqttPassword == null, "an MQTT password needs an MQTT user name");
    if (mqttTls != null) {
      require(
          mqttUrl.startsWith("ssl://") || mqttUrl.startsWith("wss://"),
          MqttTls.CA_FLAG
              + ", "
              + MqttTls.CERT_FLAG
              + " and "
              + MqttTls.KEY_FLAG
              + " need an ssl:// (or wss://) broker URL, was "
              + mqttUrl);
      mqttTls.check();
    }
    require(calendar != null, "calendar is required");
    require(
        splitTimeout != null && !splitTimeout.isNegative() && !splitTimeout.isZero(),
        "splitTimeout must be positive, was " + splitTimeout);
    require(queueCapacity >= 1, "queueCapacity must be >= 1, was " + queueCapacity);
    require(maxInFlightRecords >= 1, "maxInFlightRecords must be >= 1, was " + maxInFlightRecords);
    require(
        maxPayloadBytes >= MqttKafkaBridge.MIN_PAYLOAD_CAP
            && maxPayloadBytes <= MqttKafkaBridge.MAX_PAYLOAD_CAP,
        "maxPayloadBytes must be "
            + MqttKafkaBridge.MIN_PAYLOAD_CAP
            + ".."
            + MqttKafkaBridge.MAX_PAYLOAD_CAP
            + " (a dead letter, base64, must fit Kafka's 1 MB record), was "
            + maxPayloadBytes);
    require(
        maxInFlightBytes >= maxPayloadBytes && maxInFlightBytes <= Integer.MAX_VALUE,
        "maxInFlightBytes must be maxPayloadBytes.."
            + Integer.MAX_VALUE
            + ", was "
            + maxInFlightBytes);
    require(
        mqttMaxInflight >= 1 && mqttMaxInflight <= 65535,
        "mqttMaxInflight must be 1..65535, was " + mqttMaxInflight);
    if (metricsBind != null) {
      MetricsEndpoint.address(metricsBind);
    }
    require(
        shutdownTimeout != null && !shutdownTimeout.isNegative(),
        "shutdownTimeout must not be negative, was " + shutdownTimeout);
    require(
        kafkaRetryBudget != null && !kafkaRetryBudget.isNegative() && !kafkaRetryBudget.isZero(),
        "kafkaRetryBudget must be positive, was " + kafkaRetryBudget);
    require(
        maxFutureSkew != null && !maxFutureSkew.isNegative(),
        "maxFutureSkew must not be negative, was " + maxFutureSkew);
    require(clock != null, "clock is required");
    return unchecked();
  }

  /** Checks every setting and creates the bridge (not started). */
  public MqttKafkaBridge build() {
    return new MqttKafkaBridge(settings());
  }

  private static boolean validTopic(String t) {
    return t != null && t.matches("[a-zA-Z0-9._-]{1,249}") && !t.equals(".") && !t.equals("..");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
