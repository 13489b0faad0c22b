package io.meterwatch.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.meterwatch.connectors.kafka.CommittedTopicReader;
import io.meterwatch.core.input.DeadLetter;
import io.meterwatch.core.input.RejectedInputException;
import io.meterwatch.core.json.DeadLetterJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the console's pipeline-health page shows, gathered from what the parts already expose: each
 * bridge's {@code /health} and {@code /metrics} (docs/bridge.md), the monitoring job's consumer lag
 * on the readings topic (its consumer group's committed offsets against the topic's end offsets,
 * through Kafka's AdminClient), the job's state (from whoever runs it, when given), and the
 * dead-letter topic counted by reason (read once from the beginning, then followed, like the case
 * topics). Polled every {@link #POLL}; pages read the latest {@link Report}.
 */
public final class PipelineHealth implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineHealth.class);

  /** How often bridges, lag and job state are polled. */
  public static final Duration POLL = Duration.ofSeconds(5);

  /**
   * A job whose committed offsets have not moved for this long while it has lag is reported
   * STALLED: Flink commits the source offsets on every checkpoint (seconds apart).
   */
  public static final Duration STALL = Duration.ofSeconds(60);

  /**
   * Where the health comes from.
   *
   * @param kafka Kafka client properties with {@code bootstrap.servers}
   * @param bridges base URLs of the bridges' metrics endpoints, e.g. {@code http://127.0.0.1:9464}
   * @param readingsTopic the topic the job reads
   * @param jobGroup the job's consumer group (it commits its offsets on checkpoints)
   * @param dlqTopic the dead-letter topic
   * @param jobState the job's state as its runner knows it (e.g. RUNNING, FAILING), or {@code null}
   *     when the console does not run next to the job: the state is then judged from the offsets
   */
  public record Settings(
      Properties kafka,
      List<URI> bridges,
      String readingsTopic,
      String jobGroup,
      String dlqTopic,
      Supplier<String> jobState) {
    public Settings {
      Objects.requireNonNull(kafka, "kafka");
      bridges = bridges == null ? List.of() : List.copyOf(bridges);
      Objects.requireNonNull(readingsTopic, "readingsTopic");
      Objects.requireNonNull(jobGroup, "jobGroup");
      Objects.requireNonNull(dlqTopic, "dlqTopic");
    }
  }

  /** A bridge's state as its endpoint answers. */
  public enum BridgeState {
    UP,
    DOWN,
    UNREACHABLE
  }

  /**
   * One bridge.
   *
   * @param url base URL of its metrics endpoint
   * @param state UP, DOWN (its /health answered 503) or UNREACHABLE
   * @param mqtt connected or reconnecting, or {@code null} when unreachable
   * @param reason why it is down or unreachable, or {@code null}
   * @param received MQTT messages received since the bridge started
   * @param forwarded readings written to Kafka and acknowledged
   * @param rejected messages written to the DLQ, by reason (non-zero ones)
   * @param inFlight received, not yet acknowledged
   * @param receivedPerSecond receive rate between the last two polls, or {@code null} at first
   * @param forwardedPerSecond forward rate between the last two polls, or {@code null} at first
   */
  public record Bridge(
      String url,
      BridgeState state,
      String mqtt,
      String reason,
      Long received,
      Long forwarded,
      Map<String, Long> rejected,
      Long inFlight,
      Double receivedPerSecond,
      Double forwardedPerSecond) {}

  /**
   * The monitoring job.
   *
   * @param state the runner's state, or from the offsets: CONSUMING (no lag, or offsets moved
   *     within {@link #STALL}), STALLED (lag and no commit for {@link #STALL}), NOT_STARTED (the
   *     group has no offsets)
   * @param stateFrom {@code runner} or {@code offsets}
   * @param lag records of the readings topic not yet committed by the job's group
   * @param lagByPartition the lag per partition
   * @param committed offsets committed by the group, summed over partitions
   * @param endOffsets the readings topic's end offsets, summed
   * @param committedUnchangedSince since when the console has seen the committed offsets unchanged
   *     (its first poll at the latest)
   */
  public record Job(
      String state,
      String stateFrom,
      long lag,
      Map<Integer, Long> lagByPartition,
      long committed,
      long endOffsets,
      Instant committedUnchangedSince) {}

  /**
   * What the page shows.
   *
   * @param time when the poll was made
   * @param bridges each bridge
   * @param job the job, or {@code null} when Kafka could not be asked
   * @param jobError why the job could not be judged, or {@code null}
   * @param deadLetters dead letters in the DLQ topic by reason (every record since the beginning)
   * @param deadLettersTotal their sum
   * @param deadLetterTopic the DLQ topic
   */
  public record Report(
      Instant time,
      List<Bridge> bridges,
      Job job,
      String jobError,
      Map<String, Long> deadLetters,
      long deadLettersTotal,
      String deadLetterTopic) {}

  private final Settings settings;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Admin admin;
  private final Map<String, long[]> lastCounts = new HashMap<>();
  private final Map<String, Long> deadLetters = new ConcurrentHashMap<>();
  private final AtomicLong deadLettersTotal = new AtomicLong();
  private final AtomicReference<Report> latest = new AtomicReference<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread poller;
  private final Thread dlqReader;
  private volatile KafkaConsumer<String, byte[]> dlqConsumer;
  private long lastCommitted = -1;
  private Instant unchangedSince;

  private PipelineHealth(Settings settings) {
    this.settings = settings;
    this.admin = Admin.create(adminProperties(settings.kafka()));
    this.poller = new Thread(this::pollLoop, "pipeline-health");
    this.dlqReader = new Thread(this::readDeadLetters, "dead-letter-counter");
    poller.setDaemon(true);
    dlqReader.setDaemon(true);
  }

  /** Starts polling and counting dead letters. */
  public static PipelineHealth start(Settings settings) {
    PipelineHealth h = new PipelineHealth(settings);
    h.dlqReader.start();
    h.poller.start();
    return h;
  }

  private static Properties adminProperties(Properties kafka) {
    Properties p = new Properties();
    p.putAll(kafka);
    p.putIfAbsent("request.timeout.ms", "5000");
    p.putIfAbsent("default.api.timeout.ms", "10000");
    return p;
  }

  /** The latest report; polls once now when there is none yet. */
  public Report report() {
    Report r = latest.get();
    return r != null ? r : poll();
  }

  private void pollLoop() {
    while (running.get()) {
      try {
        poll();
      } catch (RuntimeException e) {
        // a poll that fails is shown as such on the next one; the page must not freeze
        LOG.warn("pipeline health poll failed: {}", e.toString());
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Polls every source once and keeps the result as the latest report. */
  synchronized Report poll() {
    Instant now = Instant.now();
    List<Bridge> bridges = new ArrayList<>();
    for (URI u : settings.bridges()) {
      bridges.add(bridge(u, System.nanoTime()));
    }
    Job job = null;
    String jobError = null;
    try {
      job = job(now);
    } catch (Exception e) {
      jobError = "Kafka: " + e.getMessage();
    }
    Report r =
        new Report(
            now,
            bridges,
            job,
            jobError,
            new TreeMap<>(deadLetters),
            deadLettersTotal.get(),
            settings.dlqTopic());
    latest.set(r);
    return r;
  }

  private Bridge bridge(URI base, long nanos) {
    String url = base.toString().replaceAll("/+$", "");
    String state;
    String mqtt;
    String reason = null;
    try {
      HttpResponse<String> h = get(url + "/health");
      JsonNode n = ConsoleServer.JSON.readTree(h.body());
      state = h.statusCode() == 200 ? "UP" : "DOWN";
      mqtt = n.path("mqtt").asText(null);
      reason = n.path("reason").asText(null);
      HttpResponse<String> m = get(url + "/metrics");
      Map<String, Long> rejected = new TreeMap<>();
      Map<String, Long> values = prometheus(m.body(), rejected);
      long received = values.getOrDefault("meterwatch_bridge_received_total", 0L);
      long forwarded = values.getOrDefault("meterwatch_bridge_forwarded_total", 0L);
      long[] last = lastCounts.put(url, new long[] {nanos, received, forwarded});
      Double inRate = null;
      Double outRate = null;
      if (last != null && nanos > last[0]) {
        double seconds = (nanos - last[0]) / 1e9;
        inRate = (received - last[1]) / seconds;
        outRate = (forwarded - last[2]) / seconds;
      }
      return new Bridge(
          url,
          BridgeState.valueOf(state),
          mqtt,
          reason,
          received,
          forwarded,
          rejected,
          values.get("meterwatch_bridge_in_flight"),
          inRate,
          outRate);
    } catch (IOException | RuntimeException e) {
      return new Bridge(
          url, BridgeState.UNREACHABLE, null, e.toString(), null, null, Map.of(), null, null, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Bridge(
          url,
          BridgeState.UNREACHABLE,
          null,
          "interrupted",
          null,
          null,
          Map.of(),
          null,
          null,
          null);
    }
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The unlabelled samples of a Prometheus text page by name; {@code rejected_total{reason=...}}
   * samples above zero go to {@code rejected}.
   */
  static Map<String, Long> prometheus(String text, Map<String, Long> rejected) {
    Map<String, Long> out = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      if (space < 0) {
        continue;
      }
      String name = line.substring(0, space);
      long value;
      try {
        value = (long) Double.parseDouble(line.substring(space + 1).trim());
      } catch (NumberFormatException e) {
        continue;
      }
      String prefix = "meterwatch_bridge_rejected_total{reason=\"";
      if (name.startsWith(prefix)) {
        if (value > 0) {
          rejected.put(name.substring(prefix.length(), name.length() - 2), value);
        }
      } else if (!name.contains("{")) {
        out.put(name, value);
      }
    }
    return out;
  }

  private Job job(Instant now) throws Exception {
    List<TopicPartition> partitions = new ArrayList<>();
    admin
        .describeTopics(List.of(settings.readingsTopic()))
        .allTopicNames()
        .get(10, TimeUnit.SECONDS)
        .get(settings.readingsTopic())
        .partitions()
        .forEach(p -> partitions.add(new TopicPartition(settings.readingsTopic(), p.partition())));
    Map<TopicPartition, OffsetSpec> latestSpec = new HashMap<>();
    partitions.forEach(tp -> latestSpec.put(tp, OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
        admin.listOffsets(latestSpec).all().get(10, TimeUnit.SECONDS);
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(settings.jobGroup())
            .partitionsToOffsetAndMetadata()
            .get(10, TimeUnit.SECONDS);
    Map<Integer, Long> lagByPartition = new TreeMap<>();
    long lag = 0;
    long committedSum = 0;
    long endSum = 0;
    boolean anyCommitted = false;
    for (TopicPartition tp : partitions) {
      long end = ends.get(tp).offset();
      OffsetAndMetadata c = committed.get(tp);
      long at = c == null ? 0 : c.offset();
      anyCommitted |= c != null;
      lagByPartition.put(tp.partition(), Math.max(0, end - at));
      lag += Math.max(0, end - at);
      committedSum += at;
      endSum += end;
    }
    if (committedSum != lastCommitted || unchangedSince == null) {
      unchangedSince = now;
      lastCommitted = committedSum;
    }
    String state;
    String from;
    String runner = settings.jobState() == null ? null : settings.jobState().get();
    if (runner != null) {
      state = runner;
      from = "runner";
    } else {
      from = "offsets";
      if (!anyCommitted) {
        state = "NOT_STARTED";
      } else if (lag > 0 && Duration.between(unchangedSince, now).compareTo(STALL) > 0) {
        state = "STALLED";
      } else {
        state = "CONSUMING";
      }
    }
    return new Job(state, from, lag, lagByPartition, committedSum, endSum, unchangedSince);
  }

  private void readDeadLetters() {
    DeadLetterJson json = new DeadLetterJson();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(CommittedTopicReader.consumerProperties(settings.kafka()))) {
      dlqConsumer = c;
      List<TopicPartition> partitions = List.of();
      while (running.get() && partitions.isEmpty()) {
        List<PartitionInfo> info = c.partitionsFor(settings.dlqTopic());
        if (info != null && !info.isEmpty()) {
          partitions =
              info.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        } else {
          Thread.sleep(1000);
        }
      }
      c.assign(partitions);
      c.seekToBeginning(partitions);
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
          String reason;
          try {
            DeadLetter d = json.read(r.value());
            reason = d.reason().name();
          } catch (RejectedInputException e) {
            reason = "UNREADABLE";
          }
          deadLetters.merge(reason, 1L, Long::sum);
          deadLettersTotal.incrementAndGet();
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // closing
    } catch (RuntimeException e) {
      // the page shows the counts so far; the case topics' follower guards the console itself
      LOG.error("dead-letter counter on {} stopped: {}", settings.dlqTopic(), e.toString(), e);
    }
  }

  @Override
  public void close() {
    running.set(false);
    poller.interrupt();
    KafkaConsumer<String, byte[]> c = dlqConsumer;
    if (c != null) {
      c.wakeup();
    }
    try {
      poller.join(5000);
      dlqReader.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    admin.close(Duration.ofSeconds(5));
  }
}
