package io.meterwatch.connectors.bridge;

import io.meterwatch.connectors.mqtt.MqttTls;
import io.meterwatch.core.hj212.Hj212Codec;
import io.meterwatch.core.input.DeadLetter;
import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.input.RejectedInputException;
import io.meterwatch.core.json.DeadLetterJson;
import io.meterwatch.core.json.ReadingJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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

  private final BridgeSettings settings;
  private final MeterTopic topics;
  private final String subscription;
  private final Clock clock;
  private final BridgeMetrics metrics = new BridgeMetrics();
  private final BlockingQueue<InboundMessage> queue;

  /**
   * Payload bytes received and not yet acknowledged (queued, held as split parts, or in flight to
   * Kafka): memory is bounded in bytes, not only in messages, since MQTT allows 256 MB each.
   */
  private final Semaphore heldBytes;

  private final UploadValidator validator;
  private final ReadingJson readingJson;
  private final DeadLetterJson deadLetterJson;

  private KafkaForwarder forwarder;
  private MqttAsyncClient mqtt;
  private Thread worker;
  private MetricsEndpoint endpoint;
  private volatile boolean accepting;
  private volatile boolean closed;
  private volatile Throwable workerFailure;
  private volatile int pendingSplits;

  /** Puts split packets together from the parts topic, when the bridge forwards parts there. */
  private PartsReassembler parts;

  MqttKafkaBridge(BridgeSettings s) {
    this.settings = s;
    this.topics = new MeterTopic(s.topicFilter(), s.ackTopic());
    this.subscription = s.subscription();
    this.clock = s.clock();
    this.queue = new ArrayBlockingQueue<>(s.queueCapacity());
    this.heldBytes = new Semaphore((int) s.maxInFlightBytes());
    this.readingJson = new ReadingJson(s.calendar(), s.maxFutureSkew());
    this.deadLetterJson = new DeadLetterJson(s.calendar());
    this.validator = validator(s);
    metrics.gauges(queue::size, () -> pendingSplits);
  }

  /** A builder with the defaults of docs/bridge.md. */
  public static MqttKafkaBridgeBuilder builder() {
    return new MqttKafkaBridgeBuilder();
  }

  /** The settings it runs with. */
  public BridgeSettings settings() {
    return settings;
  }

  /**
   * The decoder a bridge with these settings uses for every message (topic filter, registry,
   * calendar, split timeout, size cap, future skew).
   */
  static UploadValidator validator(BridgeSettings s) {
    return new UploadValidator(
        new MeterTopic(s.topicFilter(), s.ackTopic()),
        s.registries(),
        new Hj212Codec(s.calendar()),
        new ReadingJson(s.calendar(), s.maxFutureSkew()),
        s.splitTimeout(),
        s.maxPayloadBytes(),
        s.maxFutureSkew(),
        s.partsTopic() != null);
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
    forwarder =
        new KafkaForwarder(
            producerProperties(settings),
            settings.maxInFlightRecords(),
            settings.kafkaRetryBudget(),
            metrics);
    accepting = true;
    worker = KafkaForwarder.daemon("bridge-worker").newThread(this::work);
    worker.start();
    if (settings.metricsBind() != null) {
      endpoint = new MetricsEndpoint(settings.metricsBind(), metrics::prometheusText, this::health);
      LOG.info("metrics and health on {}/metrics, /health", endpoint.url());
    }
    mqtt = new MqttAsyncClient(settings.mqttUrl(), settings.clientId(), new MemoryPersistence());
    // acks are ours to send, after Kafka's callback; set before connecting, because a persistent
    // session's queued messages arrive right after CONNACK
    mqtt.setManualAcks(true);
    mqtt.setCallback(new Callback());
    connectWithBackoff();
    subscribeOnce();
    if (settings.sharedGroup() != null && settings.partsTopic() == null) {
      LOG.warn(
          "on a shared subscription the parts of a split packet reach different instances and"
              + " time out (SPLIT_TIMEOUT): set --parts-topic (docs/bridge.md)");
    }
    if (settings.partsTopic() != null) {
      // its own validator: the worker's is not thread-safe
      parts = new PartsReassembler(settings, validator(settings), metrics, this::publishHj212Ack);
      parts.start();
    }
    LOG.info(
        "bridge {} subscribed to {} on {}, writing {} and {}",
        settings.clientId(),
        subscription,
        settings.mqttUrl(),
        settings.readingsTopic(),
        settings.dlqTopic());
    return this;
  }

  /** The Paho options, all in one place (docs/bridge.md explains each). */
  static MqttConnectOptions connectOptions(BridgeSettings b) {
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
    o.setMaxInflight(b.mqttMaxInflight());
    if (b.mqttUrl().startsWith("tcp://")) {
      // Paho reads an unbuffered socket stream, the packet header byte by byte (ssl:// keeps
      // Paho's SSL socket factory, which buffers in the TLS layer)
      o.setSocketFactory(new ReadBufferedSocketFactory());
    }
    if (b.mqttTls() != null) {
      // the bureau's CA instead of the JVM's truststore; Paho checks the host name against it
      o.setSocketFactory(b.mqttTls().socketFactory());
    }
    if (b.mqttUser() != null) {
      o.setUserName(b.mqttUser());
      o.setPassword(b.mqttPassword() == null ? new char[0] : b.mqttPassword().toCharArray());
    }
    return o;
  }

  /** Kafka producer settings (docs/bridge.md): durable, idempotent, batched, compressed. */
  static Properties producerProperties(BridgeSettings b) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, b.kafkaBootstrap());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, b.clientId());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    // no duplicates from the producer's own retries; per-partition order kept
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // readings are ~0.5 KB: 5 ms of lingering fills 64 KB batches at tens of thousands per second
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(64 * 1024));
    // The producer retries by itself (up to two minutes), then the bridge resends until the
    // retry budget is spent (KafkaForwarder). With a shorter budget the producer's own waits are
    // cut to it, so that a Kafka outage is noticed within about twice the budget: blocking in
    // send() for metadata, one request, one delivery.
    long budget = b.kafkaRetryBudget().toMillis();
    long request = Math.min(30_000, Math.max(1_000, budget / 2));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(Math.min(60_000, budget)));
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(request));
    p.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        String.valueOf(Math.min(120_000, Math.max(budget, request + 5 + 1))));
    p.putAll(b.kafkaProperties());
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
          LOG.info("MQTT connected to {} after {} attempts", settings.mqttUrl(), attempt);
        }
        return;
      } catch (MqttException e) {
        if (isPermanent(e)) {
          String tls = MqttTls.explain(e);
          LOG.error(
              "MQTT connect to {} refused for good: {}",
              settings.mqttUrl(),
              tls != null ? tls : e.toString());
          throw e;
        }
        // until the broker answers or the bridge is stopped: an operator sees each attempt
        LOG.warn(
            "MQTT connect to {} failed: {} (attempt {}, failing for {} s); retrying in {} ms until"
                + " it answers or the bridge is stopped",
            settings.mqttUrl(),
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
        || code == MqttException.REASON_CODE_INVALID_PROTOCOL_VERSION
        // an untrusted certificate stays untrusted
        || MqttTls.isTlsRefusal(e);
  }

  /**
   * The first subscription, confirmed before {@link #start()} returns: the broker routes a message
   * to the bridge only once it has the subscription, so a caller may publish once the bridge is
   * started. A connection the broker drops before it confirmed the subscription (Moquette has
   * closed a fresh connection under load) does not fail the start: Paho reconnects by itself, and
   * the subscription is sent again until the broker confirms it (bounded by the 30 s a subscription
   * may take, per attempt, and by {@link #close()}).
   */
  private void subscribeOnce() throws MqttException {
    while (true) {
      try {
        subscribe().waitForCompletion(30_000);
        return;
      } catch (MqttException e) {
        int code = e.getReasonCode();
        if (code != MqttException.REASON_CODE_CONNECTION_LOST
            && code != MqttException.REASON_CODE_CLIENT_NOT_CONNECTED) {
          throw e;
        }
        LOG.warn(
            "MQTT connection lost before the broker confirmed the subscription to {}; subscribing"
                + " again once Paho has reconnected",
            subscription);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!mqtt.isConnected()) {
        if (closed || System.nanoTime() > deadline) {
          throw new MqttException(MqttException.REASON_CODE_CLIENT_NOT_CONNECTED);
        }
        sleep(50);
      }
    }
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
    int weight = weight(m);
    while (accepting) {
      if (heldBytes.tryAcquire(weight, 100, TimeUnit.MILLISECONDS)) {
        while (accepting) {
          if (queue.offer(m, 100, TimeUnit.MILLISECONDS)) {
            return;
          }
        }
        heldBytes.release(weight);
        break;
      }
    }
    // shutting down: not acked, so the broker redelivers it to the next session
    metrics.onReleased();
  }

  /** The bytes a message holds of the budget: all of its payload, at most the whole budget. */
  private int weight(InboundMessage m) {
    return (int) Math.min(m.payload().length, settings.maxInFlightBytes());
  }

  // ---------------------------------------------------------------- worker

  private void work() {
    Instant lastExpiry = clock.instant();
    try {
      while (accepting || !queue.isEmpty()) {
        InboundMessage m = queue.poll(200, TimeUnit.MILLISECONDS);
        if (m == POISON) {
          throw new IllegalStateException("worker stopped by request (test)");
        }
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
        if (forwarder.failure() != null) {
          throw new KafkaForwarder.ForwarderFailedException(forwarder.failure());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      Throwable cause = t instanceof KafkaForwarder.ForwarderFailedException ? t.getCause() : t;
      workerFailure = cause;
      accepting = false;
      // one line for the operator (the cause's trace is at debug level): the bridge is down
      LOG.error(
          "bridge worker stopped: {}; unacknowledged messages stay at the broker",
          String.valueOf(cause));
      LOG.debug("bridge worker failure", cause);
    }
  }

  /** A message that makes the worker fail, as a bug would (tests of the failure path). */
  private static final InboundMessage POISON =
      new InboundMessage("", new byte[0], 0, 0, Instant.EPOCH);

  /** Makes the worker thread die as an unexpected error would; for tests of the failure path. */
  void killWorkerForTest() throws InterruptedException {
    queue.put(POISON);
  }

  private void dispatch(UploadValidator.Outcome o) throws InterruptedException {
    if (o instanceof UploadValidator.Accepted a) {
      byte[] value = readingJson.write(a.reading());
      forwarder.send(
          new ProducerRecord<>(settings.readingsTopic(), a.reading().mn(), value),
          new KafkaForwarder.Delivery() {
            @Override
            public void delivered() {
              ackAll(a.messages());
              metrics.onForwarded(a.messages().size());
              if (a.ackFrame() != null) {
                publishHj212Ack(a.reading().mn(), a.ackFrame());
              }
            }

            @Override
            public List<KafkaForwarder.Resend> rejected(RuntimeException error) {
              RejectedInputException e =
                  new RejectedInputException(
                      ReasonCode.KAFKA_REJECTED,
                      "Kafka refused the reading for " + settings.readingsTopic() + ": " + error,
                      error);
              return a.messages().stream().map(m -> deadLetter(m, a.reading().mn(), e)).toList();
            }
          });
    } else if (o instanceof UploadValidator.Part p) {
      InboundMessage m = p.message();
      forwarder.send(
          PartsReassembler.record(settings.partsTopic(), p),
          new KafkaForwarder.Delivery() {
            @Override
            public void delivered() {
              // the part is safe in Kafka: the parts consumer answers for it from here on
              ackAll(List.of(m));
              metrics.onReleased();
            }

            @Override
            public List<KafkaForwarder.Resend> rejected(RuntimeException error) {
              RejectedInputException e =
                  new RejectedInputException(
                      ReasonCode.KAFKA_REJECTED,
                      "Kafka refused the split-packet part for "
                          + settings.partsTopic()
                          + ": "
                          + error,
                      error);
              return List.of(deadLetter(m, p.mn(), e));
            }
          });
    } else if (o instanceof UploadValidator.Rejected r) {
      for (InboundMessage m : r.messages()) {
        KafkaForwarder.Resend d = deadLetter(m, r.mn(), r.error());
        forwarder.send(d.record(), d.delivery());
      }
    }
  }

  /**
   * The dead letter of one message and what follows its delivery. Bounded: the payload is kept
   * whole up to the size cap, cut to its first bytes (plus hash) when it was too large or Kafka
   * refused it. A dead letter that Kafka refuses as well stops the bridge (nothing smaller is left
   * to write).
   */
  private KafkaForwarder.Resend deadLetter(
      InboundMessage m, String mn, RejectedInputException error) {
    int copy =
        error.reason() == ReasonCode.PAYLOAD_TOO_LARGE
                || error.reason() == ReasonCode.KAFKA_REJECTED
            ? BridgeSettings.TRUNCATED_COPY_BYTES
            : settings.maxPayloadBytes();
    DeadLetter d =
        DeadLetter.bounded(
            m.payload(), m.topic(), m.receiveTime(), error.reason(), error.getMessage(), copy);
    return new KafkaForwarder.Resend(
        new ProducerRecord<>(settings.dlqTopic(), mn, deadLetterJson.write(d)),
        new KafkaForwarder.Delivery() {
          @Override
          public void delivered() {
            ackAll(List.of(m));
            metrics.onRejected(error.reason(), 1);
          }

          @Override
          public List<KafkaForwarder.Resend> rejected(RuntimeException e) {
            return List.of();
          }
        });
  }

  private void ackAll(List<InboundMessage> messages) {
    for (InboundMessage m : messages) {
      heldBytes.release(weight(m));
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
   * broker and come to the next session. After a failure it waits for nothing. Safe to call twice.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    accepting = false;
    long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
    try {
      if (worker != null) {
        worker.join(Math.max(1, remainingMillis(deadline)));
      }
      if (forwarder != null
          && failure() == null
          && !forwarder.awaitIdle(remainingMillis(deadline))) {
        LOG.warn("shutdown timeout: {} messages left unacked", metrics.inFlight());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (parts != null) {
      parts.close();
    }
    if (forwarder != null) {
      forwarder.close();
    }
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
    if (endpoint != null) {
      endpoint.close();
    }
    LOG.info("bridge {} closed: {}", settings.clientId(), metrics.statusLine());
    metrics.close();
  }

  private static long remainingMillis(long deadlineNanos) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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

  /** The metrics endpoint's base URL, e.g. {@code http://127.0.0.1:9464}, or null when off. */
  public String metricsUrl() {
    return endpoint == null ? null : endpoint.url();
  }

  /**
   * The error that stopped the bridge, or {@code null} while it runs: the worker died, or Kafka
   * forwarding failed for good (a fatal error, or retriable ones beyond the retry budget). A
   * stopped bridge acknowledges nothing more; its owner should end the process (docs/bridge.md).
   */
  public Throwable failure() {
    Throwable w = workerFailure;
    if (w != null) {
      return w;
    }
    Throwable p = parts == null ? null : parts.failure();
    if (p != null) {
      return p;
    }
    return forwarder == null ? null : forwarder.failure();
  }

  /** What {@code GET /health} answers: 200 while the bridge works, 503 once it stopped. */
  MetricsEndpoint.Health health() {
    Throwable f = failure();
    boolean workerAlive = worker != null && worker.isAlive();
    String mqttState = metrics.mqttConnected() ? "connected" : "reconnecting";
    if (f == null && (workerAlive || closed)) {
      return new MetricsEndpoint.Health(
          200, "{\"status\":\"UP\",\"mqtt\":\"" + mqttState + "\"}\n");
    }
    String reason = f == null ? "worker thread ended" : String.valueOf(f.getMessage());
    return new MetricsEndpoint.Health(
        503,
        "{\"status\":\"DOWN\",\"mqtt\":\""
            + mqttState
            + "\",\"reason\":\""
            + reason.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ")
            + "\"}\n");
  }

  /** The subscription as sent to the broker, e.g. {@code $share/bridges/meters/+/data}. */
  public String subscription() {
    return subscription;
  }

  /** Default payload cap: HJ 212 packets are at most 10 KB, JSON readings a few KB. */
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;

  /** Smallest payload cap: an HJ 212 packet of the standard's full 9999-byte segment must pass. */
  public static final int MIN_PAYLOAD_CAP = 16 * 1024;

  /** Largest payload cap: base64 grows by 4/3 and a dead letter must fit Kafka's 1 MB record. */
  public static final int MAX_PAYLOAD_CAP = 512 * 1024;

  /** Default in-flight byte budget. */
  public static final long DEFAULT_MAX_IN_FLIGHT_BYTES = 64L * 1024 * 1024;

  /** Default retry budget for retriable Kafka errors. */
  public static final Duration DEFAULT_KAFKA_RETRY_BUDGET = Duration.ofMinutes(5);
}
