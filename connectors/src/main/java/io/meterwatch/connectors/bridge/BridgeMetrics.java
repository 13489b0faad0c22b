package io.meterwatch.connectors.bridge;

import io.meterwatch.core.input.ReasonCode;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The bridge's counters, rendered as Prometheus text (exposition format 0.0.4) for the metrics
 * endpoint and as a one-line status for the terminal. Thread-safe.
 */
public final class BridgeMetrics {
  /** Upper bounds of the Kafka send latency histogram, in seconds. */
  static final double[] LATENCY_BUCKETS = {
    0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60
  };

  private final LongAdder received = new LongAdder();
  private final LongAdder forwarded = new LongAdder();
  private final Map<ReasonCode, LongAdder> rejected = new EnumMap<>(ReasonCode.class);
  private final AtomicLong inFlight = new AtomicLong();
  private final LongAdder kafkaSendErrors = new LongAdder();
  private final LongAdder hj212Acks = new LongAdder();
  private final LongAdder hj212AckFailures = new LongAdder();
  private final LongAdder mqttAckFailures = new LongAdder();
  private final LongAdder connectionsLost = new LongAdder();
  private final AtomicLongArray latencyBuckets = new AtomicLongArray(LATENCY_BUCKETS.length + 1);
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
      rejected.put(r, new LongAdder());
    }
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
    double seconds = nanos / 1e9;
    int i = 0;
    while (i < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[i]) {
      i++;
    }
    latencyBuckets.incrementAndGet(i);
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

  /** The counters in Prometheus text exposition format 0.0.4. */
  public String prometheusText() {
    StringBuilder b = new StringBuilder(4096);
    counter(b, "received_total", "MQTT messages received", received.sum());
    counter(
        b,
        "forwarded_total",
        "readings written to the readings topic and acknowledged to the broker",
        forwarded.sum());
    b.append("# HELP meterwatch_bridge_rejected_total MQTT messages written to the DLQ\n");
    b.append("# TYPE meterwatch_bridge_rejected_total counter\n");
    for (Map.Entry<ReasonCode, LongAdder> e : rejected.entrySet()) {
      b.append("meterwatch_bridge_rejected_total{reason=\"")
          .append(e.getKey().name())
          .append("\"} ")
          .append(e.getValue().sum())
          .append('\n');
    }
    gauge(b, "in_flight", "MQTT messages received, not yet acknowledged", inFlight.get());
    gauge(b, "queue_depth", "messages in the hand-off queue", queueDepth.getAsInt());
    gauge(b, "split_pending", "split HJ 212 packets waiting for parts", pendingSplits.getAsInt());
    gauge(b, "mqtt_connected", "1 while connected to the MQTT broker", mqttConnected ? 1 : 0);
    counter(b, "mqtt_connections_lost_total", "MQTT connections lost", connectionsLost.sum());
    counter(
        b,
        "mqtt_ack_failures_total",
        "MQTT acks that could not be sent (the broker redelivers)",
        mqttAckFailures.sum());
    counter(b, "hj212_acks_total", "9014 acknowledgements published", hj212Acks.sum());
    counter(
        b,
        "hj212_ack_failures_total",
        "9014 acknowledgements that could not be published",
        hj212AckFailures.sum());
    counter(
        b,
        "kafka_send_errors_total",
        "Kafka sends that failed and were retried",
        kafkaSendErrors.sum());
    String h = "meterwatch_bridge_kafka_send_seconds";
    b.append("# HELP ").append(h).append(" time from send to Kafka's acknowledgement\n");
    b.append("# TYPE ").append(h).append(" histogram\n");
    long cumulative = 0;
    for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
      cumulative += latencyBuckets.get(i);
      b.append(h)
          .append("_bucket{le=\"")
          .append(LATENCY_BUCKETS[i])
          .append("\"} ")
          .append(cumulative)
          .append('\n');
    }
    cumulative += latencyBuckets.get(LATENCY_BUCKETS.length);
    b.append(h).append("_bucket{le=\"+Inf\"} ").append(cumulative).append('\n');
    b.append(h).append("_sum ").append(latencyNanos.sum() / 1e9).append('\n');
    b.append(h).append("_count ").append(latencyCount.sum()).append('\n');
    return b.toString();
  }

  private static void counter(StringBuilder b, String name, String help, long value) {
    metric(b, name, help, "counter", value);
  }

  private static void gauge(StringBuilder b, String name, String help, long value) {
    metric(b, name, help, "gauge", value);
  }

  private static void metric(StringBuilder b, String name, String help, String type, long v) {
    String full = "meterwatch_bridge_" + name;
    b.append("# HELP ").append(full).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(full).append(' ').append(type).append('\n');
    b.append(full).append(' ').append(v).append('\n');
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
