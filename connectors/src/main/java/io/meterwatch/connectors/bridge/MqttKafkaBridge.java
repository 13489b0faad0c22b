package io.meterwatch.connectors.bridge;

import io.meterwatch.core.hj212.Hj212Codec;
import io.meterwatch.core.input.DeadLetter;
import io.meterwatch.core.json.DeadLetterJson;
import io.meterwatch.core.json.ReadingJson;
import io.meterwatch.core.registry.RegistryInForce;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.time.LocalCalendar;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only door from the meters into Kafka: subscribes to the meters' MQTT topics, decodes and
 * validates each message once, and writes a canonical reading (keyed by MN) to the readings topic
 * or a dead letter with its reason to the DLQ topic. At least once: a message is acknowledged to
 * the broker only after Kafka acknowledged its record, so what the broker accepted is either in
 * Kafka or still at the broker. See docs/bridge.md.
 *
 * <pre>{@code
 * try (MqttKafkaBridge bridge = MqttKafkaBridge.builder()
 *     .mqttUrl("tcp://127.0.0.1:1883").kafkaBootstrap("127.0.0.1:9092")
 *     .registry(registry).build().start()) { ... }
 * }</pre>
 *
 * <p>Threads: Paho's callback thread only hands messages to a bounded queue (it blocks when the
 * queue is full, so a slow Kafka slows the broker instead of filling memory); one worker decodes,
 * validates and sends; Kafka's callbacks pass completed records to one acker thread, which acks the
 * MQTT messages and publishes HJ 212 acknowledgements.
 */
public final class MqttKafkaBridge implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MqttKafkaBridge.class);

  private final Builder settings;
  private final MeterTopic topics;
  private final String subscription;
  private final Clock clock;
  private final BridgeMetrics metrics = new BridgeMetrics();
  private final BlockingQueue<InboundMessage> queue;
  private final Semaphore sendPermits;
  private final UploadValidator validator;
  private final ReadingJson readingJson;
  private final DeadLetterJson deadLetterJson;

  private KafkaProducer<String, byte[]> producer;
  private MqttAsyncClient mqtt;
  private Thread worker;
  private ExecutorService acker;
  private ScheduledExecutorService retrier;
  private MetricsEndpoint endpoint;
  private volatile boolean accepting;
  private volatile boolean closed;
  private volatile Throwable workerFailure;
  private volatile int pendingSplits;

  private MqttKafkaBridge(Builder b) {
    this.settings = b;
    this.topics = new MeterTopic(b.topicFilter, b.ackTopic);
    this.subscription =
        b.sharedGroup == null ? b.topicFilter : "$share/" + b.sharedGroup + "/" + b.topicFilter;
    this.clock = b.clock;
    this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
    this.sendPermits = new Semaphore(b.maxInFlightRecords);
    this.readingJson = new ReadingJson(b.calendar, ReadingJson.DEFAULT_MAX_FUTURE_SKEW);
    this.deadLetterJson = new DeadLetterJson(b.calendar);
    this.validator = b.validator();
    metrics.gauges(queue::size, () -> pendingSplits);
  }

  /** A builder with the defaults of docs/bridge.md. */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Starts Kafka producer, worker and metrics endpoint, then connects to the broker (retrying with
   * backoff until it answers or {@link #close()} is called) and subscribes. Returns once
   * subscribed.
   *
   * @throws MqttException when the broker refuses the connection or subscription for good (bad
   *     credentials, not authorized)
   */
  public MqttKafkaBridge start() throws MqttException {
    producer = new KafkaProducer<>(producerProperties(settings));
    acker = Executors.newSingleThreadExecutor(named("bridge-acker"));
    retrier = Executors.newSingleThreadScheduledExecutor(named("bridge-kafka-retry"));
    accepting = true;
    worker = named("bridge-worker").newThread(this::work);
    worker.start();
    if (settings.metricsPort != null) {
      endpoint = new MetricsEndpoint(settings.metricsPort, metrics::prometheusText);
      LOG.info("metrics on http://127.0.0.1:{}/metrics", endpoint.port());
    }
    mqtt = new MqttAsyncClient(settings.mqttUrl, settings.clientId, new MemoryPersistence());
    // acks are ours to send, after Kafka's callback; set before connecting, because a persistent
    // session's queued messages arrive right after CONNACK
    mqtt.setManualAcks(true);
    mqtt.setCallback(new Callback());
    connectWithBackoff();
    subscribe().waitForCompletion(30_000);
    LOG.info(
        "bridge {} subscribed to {} on {}, writing {} and {}",
        settings.clientId,
        subscription,
        settings.mqttUrl,
        settings.readingsTopic,
        settings.dlqTopic);
    return this;
  }

  /** The Paho options, all in one place (docs/bridge.md explains each). */
  static MqttConnectOptions connectOptions(Builder b) {
    MqttConnectOptions o = new MqttConnectOptions();
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    // persistent session: while the bridge is away the broker keeps its subscription and queues
    // QoS 1 messages; unacked messages are redelivered when it comes back
    o.setCleanSession(false);
    // after the first connect Paho reconnects by itself; connectComplete resubscribes
    o.setAutomaticReconnect(true);
    o.setMaxReconnectDelay(30_000);
    o.setKeepAliveInterval(30);
    o.setConnectionTimeout(10);
    // Paho's window for our own QoS 1 publishes (the 9014 acks), default 10: at one ack per
    // reading that would cap the bridge at 10 / round trip
    o.setMaxInflight(b.mqttMaxInflight);
    if (b.mqttUrl.startsWith("tcp://")) {
      // Paho reads an unbuffered socket stream, the packet header byte by byte (ssl:// keeps
      // Paho's SSL socket factory, which buffers in the TLS layer)
      o.setSocketFactory(new ReadBufferedSocketFactory());
    }
    if (b.mqttUser != null) {
      o.setUserName(b.mqttUser);
      o.setPassword(b.mqttPassword == null ? new char[0] : b.mqttPassword.toCharArray());
    }
    return o;
  }

  /** Kafka producer settings (docs/bridge.md): durable, idempotent, batched, compressed. */
  static Properties producerProperties(Builder b) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, b.kafkaBootstrap);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, b.clientId);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    // no duplicates from the producer's own retries; per-partition order kept
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // readings are ~0.5 KB: 5 ms of lingering fills 64 KB batches at tens of thousands per second
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(64 * 1024));
    // the producer retries by itself for two minutes; after that the bridge resends (never drops)
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
    p.putAll(b.kafkaProperties);
    return p;
  }

  private void connectWithBackoff() throws MqttException {
    MqttConnectOptions options = connectOptions(settings);
    long delay = 250;
    long since = System.nanoTime();
    int attempt = 0;
    while (!closed) {
      attempt++;
      try {
        mqtt.connect(options).waitForCompletion(30_000);
        metrics.mqttConnected(true);
        if (attempt > 1) {
          LOG.info("MQTT connected to {} after {} attempts", settings.mqttUrl, attempt);
        }
        return;
      } catch (MqttException e) {
        if (isPermanent(e)) {
          LOG.error("MQTT connect to {} refused for good: {}", settings.mqttUrl, e.toString());
          throw e;
        }
        // until the broker answers or the bridge is stopped: an operator sees each attempt
        LOG.warn(
            "MQTT connect to {} failed: {} (attempt {}, failing for {} s); retrying in {} ms until"
                + " it answers or the bridge is stopped",
            settings.mqttUrl,
            e.toString(),
            attempt,
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since),
            delay);
        sleep(delay);
        delay = Math.min(delay * 2, 30_000);
      }
    }
  }

  /** Refusals a retry cannot cure. */
  private static boolean isPermanent(MqttException e) {
    int code = e.getReasonCode();
    return code == MqttException.REASON_CODE_FAILED_AUTHENTICATION
        || code == MqttException.REASON_CODE_NOT_AUTHORIZED
        || code == MqttException.REASON_CODE_INVALID_CLIENT_ID
        || code == MqttException.REASON_CODE_INVALID_PROTOCOL_VERSION;
  }

  private IMqttToken subscribe() throws MqttException {
    return mqtt.subscribe(
        subscription,
        1,
        null,
        new IMqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {
            int[] granted = token.getGrantedQos();
            if (granted != null && granted.length > 0 && granted[0] == 0x80) {
              LOG.error("broker refused the subscription to {}", subscription);
            }
          }

          @Override
          public void onFailure(IMqttToken token, Throwable e) {
            LOG.error("subscribing to {} failed", subscription, e);
          }
        });
  }

  /** Paho's callbacks: never throw, never block except to hand off. */
  private final class Callback implements MqttCallbackExtended {
    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      metrics.mqttConnected(true);
      if (reconnect) {
        LOG.info("reconnected to {}; resubscribing to {}", serverUri, subscription);
        try {
          subscribe();
        } catch (MqttException | RuntimeException e) {
          LOG.error("resubscribing to {} failed", subscription, e);
        }
      }
    }

    @Override
    public void connectionLost(Throwable cause) {
      metrics.mqttConnected(false);
      if (!closed) {
        LOG.warn(
            "MQTT connection lost ({}); Paho reconnects every 1 s to 30 s until it is back",
            String.valueOf(cause));
      }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      try {
        handOff(
            new InboundMessage(
                topic, message.getPayload(), message.getId(), message.getQos(), clock.instant()));
      } catch (Throwable t) {
        // an exception here would make Paho drop the connection
        LOG.error("cannot take message on {}", topic, t);
      }
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {}
  }

  private void handOff(InboundMessage m) throws InterruptedException {
    metrics.onReceived();
    while (accepting) {
      if (queue.offer(m, 100, TimeUnit.MILLISECONDS)) {
        return;
      }
    }
    // shutting down: not acked, so the broker redelivers it to the next session
    metrics.onReleased();
  }

  // ---------------------------------------------------------------- worker

  private void work() {
    Instant lastExpiry = clock.instant();
    try {
      while (accepting || !queue.isEmpty()) {
        InboundMessage m = queue.poll(200, TimeUnit.MILLISECONDS);
        if (m != null) {
          dispatch(validator.accept(m));
        }
        Instant now = clock.instant();
        if (!now.isBefore(lastExpiry.plusMillis(500))) {
          lastExpiry = now;
          for (UploadValidator.Rejected r : validator.expire(now)) {
            dispatch(r);
          }
          pendingSplits = validator.pendingSplitPackets();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      workerFailure = t;
      LOG.error("bridge worker failed; messages stay unacked at the broker", t);
    }
  }

  private void dispatch(UploadValidator.Outcome o) throws InterruptedException {
    if (o instanceof UploadValidator.Accepted a) {
      byte[] value = readingJson.write(a.reading());
      send(
          new ProducerRecord<>(settings.readingsTopic, a.reading().mn(), value),
          () -> {
            ackAll(a.messages());
            metrics.onForwarded(a.messages().size());
            if (a.ackFrame() != null) {
              publishHj212Ack(a.reading().mn(), a.ackFrame());
            }
          });
    } else if (o instanceof UploadValidator.Rejected r) {
      for (InboundMessage m : r.messages()) {
        DeadLetter d = DeadLetter.of(m.payload(), m.topic(), m.receiveTime(), r.error());
        send(
            new ProducerRecord<>(settings.dlqTopic, r.mn(), deadLetterJson.write(d)),
            () -> {
              ackAll(List.of(m));
              metrics.onRejected(r.error().reason(), 1);
            });
      }
    }
  }

  /**
   * Sends a record; once Kafka acknowledged it, {@code onDelivered} runs on the acker thread. A
   * failed send is retried (with backoff) until it succeeds: the MQTT message stays unacked
   * meanwhile, and the permit stays taken, so the bridge slows down instead of dropping.
   */
  private void send(ProducerRecord<String, byte[]> record, Runnable onDelivered)
      throws InterruptedException {
    sendPermits.acquire();
    attempt(record, onDelivered, 0);
  }

  private void attempt(ProducerRecord<String, byte[]> record, Runnable onDelivered, int failures) {
    long t0 = System.nanoTime();
    try {
      producer.send(
          record,
          (meta, e) -> {
            if (e == null) {
              metrics.kafkaSent(System.nanoTime() - t0);
              acker.execute(() -> delivered(onDelivered));
            } else {
              retryLater(record, onDelivered, failures, e);
            }
          });
    } catch (RuntimeException e) {
      retryLater(record, onDelivered, failures, e);
    }
  }

  private void retryLater(
      ProducerRecord<String, byte[]> record, Runnable onDelivered, int failures, Exception e) {
    metrics.kafkaSendError();
    long delay = Math.min(30_000, 100L << Math.min(failures, 9));
    if (failures == 0 || failures % 10 == 0) {
      LOG.warn(
          "Kafka send to {} failed: {} (attempt {}, {} records waiting for Kafka); resending in {}"
              + " ms, until it succeeds",
          record.topic(),
          e.toString(),
          failures + 1,
          metrics.inFlight(),
          delay);
    }
    retrier.schedule(
        () -> attempt(record, onDelivered, failures + 1), delay, TimeUnit.MILLISECONDS);
  }

  private void delivered(Runnable onDelivered) {
    try {
      onDelivered.run();
    } catch (RuntimeException e) {
      LOG.error("acknowledging a delivered record failed", e);
    } finally {
      sendPermits.release();
    }
  }

  private void ackAll(List<InboundMessage> messages) {
    for (InboundMessage m : messages) {
      if (m.qos() == 0) {
        continue;
      }
      try {
        mqtt.messageArrivedComplete(m.messageId(), m.qos());
      } catch (MqttException | RuntimeException e) {
        // disconnected: the broker redelivers it, and Kafka gets a duplicate with equal content
        metrics.mqttAckFailed();
      }
    }
  }

  private void publishHj212Ack(String mn, String frame) {
    MqttMessage msg = new MqttMessage(frame.getBytes(StandardCharsets.US_ASCII));
    msg.setQos(1);
    for (int attempt = 0; attempt < 200; attempt++) {
      try {
        mqtt.publish(topics.ackTopic(mn), msg);
        metrics.hj212Ack(true);
        return;
      } catch (MqttException e) {
        if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
          break;
        }
        sleep(10); // Paho's publish window is full: wait for PUBACKs
      }
    }
    // the device resends the data when no ack comes; the reading is in Kafka regardless
    metrics.hj212Ack(false);
  }

  // ---------------------------------------------------------------- shutdown

  /**
   * Stops taking messages, finishes what is in flight (Kafka writes and MQTT acks, up to the
   * shutdown timeout), then disconnects and closes. Messages not yet handed off stay unacked at the
   * broker and come to the next session. Safe to call twice.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    accepting = false;
    long deadline = System.nanoTime() + settings.shutdownTimeout.toNanos();
    try {
      if (worker != null) {
        worker.join(Math.max(1, remainingMillis(deadline)));
      }
      if (sendPermits.tryAcquire(
          settings.maxInFlightRecords, remainingMillis(deadline), TimeUnit.MILLISECONDS)) {
        sendPermits.release(settings.maxInFlightRecords);
      } else {
        LOG.warn("shutdown timeout: {} messages left unacked", metrics.inFlight());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    shutdown(acker);
    shutdown(retrier);
    if (mqtt != null) {
      try {
        if (mqtt.isConnected()) {
          mqtt.disconnect(2_000).waitForCompletion(5_000);
        }
      } catch (MqttException e) {
        LOG.warn("MQTT disconnect: {}", e.toString());
      }
      try {
        mqtt.close(true);
      } catch (MqttException e) {
        LOG.warn("MQTT close: {}", e.toString());
      }
      metrics.mqttConnected(false);
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(10));
    }
    if (endpoint != null) {
      endpoint.close();
    }
    LOG.info("bridge {} closed: {}", settings.clientId, metrics.statusLine());
  }

  private static long remainingMillis(long deadlineNanos) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
  }

  private static void shutdown(ExecutorService e) {
    if (e == null) {
      return;
    }
    e.shutdown();
    try {
      e.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  // ---------------------------------------------------------------- observability

  /** The counters (also on the metrics endpoint). */
  public BridgeMetrics metrics() {
    return metrics;
  }

  /** One line of status for a terminal. */
  public String statusLine() {
    return metrics.statusLine();
  }

  /** The metrics endpoint's port, or -1 when it is off. */
  public int metricsPort() {
    return endpoint == null ? -1 : endpoint.port();
  }

  /** The error that stopped the worker, or {@code null} while it runs. */
  public Throwable failure() {
    return workerFailure;
  }

  /** The subscription as sent to the broker, e.g. {@code $share/bridges/meters/+/data}. */
  public String subscription() {
    return subscription;
  }

  // ---------------------------------------------------------------- builder

  private static final RegistryInForce NO_REGISTRY = new RegistryInForce(0, null);

  /** Settings of a {@link MqttKafkaBridge}; defaults in the fields, checks in {@link #build()}. */
  public static final class Builder {
    private String mqttUrl;
    private String kafkaBootstrap;
    private String topicFilter = "meters/+/data";
    private String sharedGroup;
    private String readingsTopic = "meter.readings";
    private String dlqTopic = "meter.readings.dlq";
    private String ackTopic = "meters/{mn}/ack";
    private Supplier<RegistryInForce> registries = () -> NO_REGISTRY;
    private String mqttUser;
    private String mqttPassword;
    private String clientId = "meterwatch-bridge-" + hostName();
    private LocalCalendar calendar = LocalCalendar.defaultCalendar();
    private Duration splitTimeout = Duration.ofSeconds(60);
    private int queueCapacity = 10_000;
    private int maxInFlightRecords = 20_000;
    private int mqttMaxInflight = 1_000;
    private Integer metricsPort;
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();
    private final Map<String, Object> kafkaProperties = new LinkedHashMap<>();

    private Builder() {}

    private static String hostName() {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        return "localhost";
      }
    }

    /** The broker, e.g. {@code tcp://127.0.0.1:1883} or {@code ssl://broker:8883}. Required. */
    public Builder mqttUrl(String url) {
      this.mqttUrl = url;
      return this;
    }

    /** Kafka's {@code bootstrap.servers}. Required. */
    public Builder kafkaBootstrap(String bootstrap) {
      this.kafkaBootstrap = bootstrap;
      return this;
    }

    /** The topic filter; its first {@code +} level is the MN. Default {@code meters/+/data}. */
    public Builder topicFilter(String filter) {
      this.topicFilter = filter;
      return this;
    }

    /** Subscribe as {@code $share/GROUP/filter} so instances split the load; default none. */
    public Builder sharedGroup(String group) {
      this.sharedGroup = group;
      return this;
    }

    /** Default {@code meter.readings}. */
    public Builder readingsTopic(String topic) {
      this.readingsTopic = topic;
      return this;
    }

    /** Default {@code meter.readings.dlq}. */
    public Builder dlqTopic(String topic) {
      this.dlqTopic = topic;
      return this;
    }

    /** Where 9014 acknowledgements go, with {@code {mn}}; default {@code meters/{mn}/ack}. */
    public Builder ackTopic(String template) {
      this.ackTopic = template;
      return this;
    }

    /** Check MN and PW against this registry; default none (no registry checks). */
    public Builder registry(SiteRegistry registry) {
      RegistryInForce fixed = new RegistryInForce(0, registry);
      this.registries = () -> fixed;
      return this;
    }

    /**
     * Check MN and PW against the registry version in force when each message arrives (a {@link
     * io.meterwatch.connectors.registry.RegistryFollower} following the registry topic); the
     * version is recorded in each reading.
     */
    public Builder registry(Supplier<RegistryInForce> versionInForce) {
      this.registries = Objects.requireNonNull(versionInForce, "versionInForce");
      return this;
    }

    /** The registry versions messages are judged by. */
    public Supplier<RegistryInForce> registryInForce() {
      return registries;
    }

    /** MQTT user name and password; default anonymous. */
    public Builder mqttCredentials(String user, String password) {
      this.mqttUser = user;
      this.mqttPassword = password;
      return this;
    }

    /**
     * The MQTT client id, which names the persistent session: keep it stable across restarts and
     * distinct per instance. Default {@code meterwatch-bridge-HOSTNAME}.
     */
    public Builder clientId(String id) {
      this.clientId = id;
      return this;
    }

    /** The zone of HJ 212 DataTime; default Asia/Shanghai. */
    public Builder calendar(LocalCalendar calendar) {
      this.calendar = calendar;
      return this;
    }

    /** How long a split packet may wait for its parts; default 60 s. */
    public Builder splitTimeout(Duration timeout) {
      this.splitTimeout = timeout;
      return this;
    }

    /** Hand-off queue between Paho and the worker; default 10 000 messages. */
    public Builder queueCapacity(int n) {
      this.queueCapacity = n;
      return this;
    }

    /** Records sent to Kafka and not yet acknowledged, at most; default 20 000. */
    public Builder maxInFlightRecords(int n) {
      this.maxInFlightRecords = n;
      return this;
    }

    /** Paho's window for the bridge's own QoS 1 publishes (9014 acks); default 1000. */
    public Builder mqttMaxInflight(int n) {
      this.mqttMaxInflight = n;
      return this;
    }

    /** Serve Prometheus text on 127.0.0.1:PORT/metrics (0 = any free port); default off. */
    public Builder metricsPort(Integer port) {
      this.metricsPort = port;
      return this;
    }

    /** How long {@link #close()} waits for in-flight records; default 30 s. */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = timeout;
      return this;
    }

    /** The clock for receive times and split timeouts; default the system clock. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Any other Kafka producer setting, applied over the bridge's. */
    public Builder kafkaProperty(String key, Object value) {
      kafkaProperties.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
      return this;
    }

    /**
     * The decoder a bridge with these settings uses for every message (topic filter, registry,
     * calendar, split timeout): for callers that replay MQTT payloads without a broker, such as the
     * job's whole-scenario tests, and must get exactly the bridge's readings and rejections.
     */
    public UploadValidator validator() {
      return new UploadValidator(
          new MeterTopic(topicFilter, ackTopic),
          registries,
          new Hj212Codec(calendar),
          new ReadingJson(calendar, ReadingJson.DEFAULT_MAX_FUTURE_SKEW),
          splitTimeout);
    }

    /** Checks every setting and creates the bridge (not started). */
    public MqttKafkaBridge build() {
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
      require(
          validTopic(readingsTopic), "readingsTopic is not a Kafka topic name: " + readingsTopic);
      require(validTopic(dlqTopic), "dlqTopic is not a Kafka topic name: " + dlqTopic);
      require(!readingsTopic.equals(dlqTopic), "readingsTopic and dlqTopic must differ");
      require(
          clientId != null && !clientId.isBlank() && clientId.length() <= 65535,
          "clientId must not be empty");
      require(mqttUser != null || mqttPassword == null, "an MQTT password needs an MQTT user name");
      require(calendar != null, "calendar is required");
      require(
          splitTimeout != null && !splitTimeout.isNegative() && !splitTimeout.isZero(),
          "splitTimeout must be positive, was " + splitTimeout);
      require(queueCapacity >= 1, "queueCapacity must be >= 1, was " + queueCapacity);
      require(
          maxInFlightRecords >= 1, "maxInFlightRecords must be >= 1, was " + maxInFlightRecords);
      require(
          mqttMaxInflight >= 1 && mqttMaxInflight <= 65535,
          "mqttMaxInflight must be 1..65535, was " + mqttMaxInflight);
      require(
          metricsPort == null || (metricsPort >= 0 && metricsPort <= 65535),
          "metricsPort must be 0..65535, was " + metricsPort);
      require(
          shutdownTimeout != null && !shutdownTimeout.isNegative(),
          "shutdownTimeout must not be negative, was " + shutdownTimeout);
      require(clock != null, "clock is required");
      return new MqttKafkaBridge(this);
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
}
