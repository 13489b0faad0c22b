package io.meterwatch.connectors.bridge;

import io.meterwatch.core.input.ReasonCode;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.producer.Producer;

/**
 * The bridge's counters in a Micrometer registry, exposed as Prometheus text for the metrics
 * endpoint (with the JVM's and the Kafka producer's own metrics) and as a one-line status for the
 * terminal. Thread-safe.
 *
 * <p>The hot path counts into {@link LongAdder}s that the registry reads on each scrape (function
 * counters), so a message costs no more than before the registry; only the Kafka send latency goes
 * through a Micrometer {@link Timer}, for its histogram.
 */
public final class BridgeMetrics implements AutoCloseable {
  /** Upper bounds of the Kafka send latency histogram, in seconds. */
  static final double[] LATENCY_BUCKETS = {
    0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60
  };

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
  private KafkaClientMetrics producerMetrics;
  private final LongAdder received = new LongAdder();
  private final LongAdder forwarded = new LongAdder();
  private final Map<ReasonCode, LongAdder> rejected = new EnumMap<>(ReasonCode.class);
  private final AtomicLong inFlight = new AtomicLong();
  private final LongAdder kafkaSendErrors = new LongAdder();
  private final LongAdder hj212Acks = new LongAdder();
  private final LongAdder hj212AckFailures = new LongAdder();
  private final LongAdder mqttAckFailures = new LongAdder();
  private final LongAdder connectionsLost = new LongAdder();
  private final Timer kafkaSend;
  private final LongAdder latencyNanos = new LongAdder();
  private final LongAdder latencyCount = new LongAdder();
  private volatile boolean mqttConnected;
  private volatile IntSupplier queueDepth = () -> 0;
  private volatile IntSupplier pendingSplits = () -> 0;

  private long lastStatusNanos = System.nanoTime();
  private long lastStatusReceived;
  private long lastStatusLatencyNanos;
  private long lastStatusLatencyCount;

  BridgeMetrics() {
    for (ReasonCode r : ReasonCode.values()) {
      LongAdder count = new LongAdder();
      rejected.put(r, count);
      // every reason is listed, 0 included, so a rate alert has a series before the first letter
      FunctionCounter.builder("meterwatch.bridge.rejected", count, LongAdder::sum)
          .description("MQTT messages written to the DLQ")
          .tag("reason", r.name())
          .register(registry);
    }
    counter("received", "MQTT messages received", received);
    counter(
        "forwarded",
        "readings written to the readings topic and acknowledged to the broker",
        forwarded);
    counter("mqtt.connections.lost", "MQTT connections lost", connectionsLost);
    counter(
        "mqtt.ack.failures",
        "MQTT acks that could not be sent (the broker redelivers)",
        mqttAckFailures);
    counter("hj212.acks", "9014 acknowledgements published", hj212Acks);
    counter(
        "hj212.ack.failures",
        "9014 acknowledgements that could not be published",
        hj212AckFailures);
    counter("kafka.send.errors", "Kafka sends that failed and were retried", kafkaSendErrors);
    gauge("in.flight", "MQTT messages received, not yet acknowledged", () -> inFlight.get());
    gauge("queue.depth", "messages in the hand-off queue", () -> queueDepth.getAsInt());
    gauge(
        "split.pending", "split HJ 212 packets waiting for parts", () -> pendingSplits.getAsInt());
    gauge("mqtt.connected", "1 while connected to the MQTT broker", () -> mqttConnected ? 1 : 0);
    kafkaSend =
        Timer.builder("meterwatch.bridge.kafka.send")
            .description("time from send to Kafka's acknowledgement")
            .serviceLevelObjectives(
                Arrays.stream(LATENCY_BUCKETS)
                    .mapToObj(s -> Duration.ofNanos(Math.round(s * 1e9)))
                    .toArray(Duration[]::new))
            .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gcMetrics.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  private void counter(String name, String help, LongAdder count) {
    FunctionCounter.builder("meterwatch.bridge." + name, count, LongAdder::sum)
        .description(help)
        .register(registry);
  }

  private void gauge(String name, String help, java.util.function.Supplier<Number> value) {
    Gauge.builder("meterwatch.bridge." + name, value).description(help).register(registry);
  }

  /** Adds the Kafka producer's own metrics ({@code kafka_producer_*}) to the registry. */
  synchronized void bindProducer(Producer<?, ?> producer) {
    producerMetrics = new KafkaClientMetrics(producer);
    producerMetrics.bindTo(registry);
  }

  void gauges(IntSupplier queueDepth, IntSupplier pendingSplits) {
    this.queueDepth = queueDepth;
    this.pendingSplits = pendingSplits;
  }

  void onReceived() {
    received.increment();
    inFlight.incrementAndGet();
  }

  /** A message the bridge will not ack (shutdown): the broker redelivers it later. */
  void onReleased() {
    inFlight.decrementAndGet();
  }

  void onForwarded(int messages) {
    forwarded.increment();
    inFlight.addAndGet(-messages);
  }

  void onRejected(ReasonCode reason, int messages) {
    rejected.get(reason).add(messages);
    inFlight.addAndGet(-messages);
  }

  /** A split packet put together from the parts topic is in Kafka (its parts were acked before). */
  void onPartsForwarded() {
    forwarded.increment();
  }

  /** Parts from the parts topic dead-lettered (their MQTT messages were acked before). */
  void onPartsRejected(ReasonCode reason, int parts) {
    rejected.get(reason).add(parts);
  }

  void kafkaSent(long nanos) {
    latencyNanos.add(nanos);
    latencyCount.increment();
    kafkaSend.record(nanos, TimeUnit.NANOSECONDS);
  }

  void kafkaSendError() {
    kafkaSendErrors.increment();
  }

  void hj212Ack(boolean sent) {
    (sent ? hj212Acks : hj212AckFailures).increment();
  }

  void mqttAckFailed() {
    mqttAckFailures.increment();
  }

  void mqttConnected(boolean up) {
    if (mqttConnected && !up) {
      connectionsLost.increment();
    }
    mqttConnected = up;
  }

  /** MQTT messages received. */
  public long received() {
    return received.sum();
  }

  /** Readings written to the readings topic (a split packet counts once). */
  public long forwarded() {
    return forwarded.sum();
  }

  /** MQTT messages written to the DLQ with a reason. */
  public long rejected(ReasonCode reason) {
    return rejected.get(reason).sum();
  }

  /** MQTT messages written to the DLQ, all reasons. */
  public long rejected() {
    return rejected.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** MQTT messages received and not yet acknowledged to the broker. */
  public long inFlight() {
    return inFlight.get();
  }

  /** Kafka sends that failed and were retried. */
  public long kafkaSendErrors() {
    return kafkaSendErrors.sum();
  }

  /** HJ 212 9014 acknowledgements published. */
  public long hj212Acks() {
    return hj212Acks.sum();
  }

  /** Whether the MQTT client is connected. */
  public boolean mqttConnected() {
    return mqttConnected;
  }

  /** Average Kafka send latency (send to broker ack) so far, in milliseconds. */
  public double averageKafkaSendMillis() {
    long n = latencyCount.sum();
    return n == 0 ? 0 : latencyNanos.sum() / 1e6 / n;
  }

  /** Every metric in Prometheus text exposition format 0.0.4. */
  public String prometheusText() {
    return registry.scrape();
  }

  /** Stops the registry's background work (GC listener, producer metrics refresh). */
  @Override
  public synchronized void close() {
    if (producerMetrics != null) {
      producerMetrics.close();
    }
    gcMetrics.close();
    registry.close();
  }

  /**
   * One line for the terminal: totals, the receive rate and Kafka latency since the previous call.
   */
  public synchronized String statusLine() {
    long now = System.nanoTime();
    long rec = received.sum();
    long latN = latencyNanos.sum();
    long latC = latencyCount.sum();
    double seconds = Math.max(1e-3, (now - lastStatusNanos) / 1e9);
    double rate = (rec - lastStatusReceived) / seconds;
    double latency =
        latC == lastStatusLatencyCount
            ? 0
            : (latN - lastStatusLatencyNanos) / 1e6 / (latC - lastStatusLatencyCount);
    lastStatusNanos = now;
    lastStatusReceived = rec;
    lastStatusLatencyNanos = latN;
    lastStatusLatencyCount = latC;
    return String.format(
        java.util.Locale.ROOT,
        "bridge mqtt=%s received=%d (%.0f/s) forwarded=%d rejected=%d in-flight=%d queue=%d"
            + " kafka-send=%.1fms kafka-errors=%d",
        mqttConnected ? "up" : "DOWN",
        rec,
        rate,
        forwarded.sum(),
        rejected(),
        inFlight.get(),
        queueDepth.getAsInt(),
        latency,
        kafkaSendErrors.sum());
  }
}
