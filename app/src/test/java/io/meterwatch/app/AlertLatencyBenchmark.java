package io.meterwatch.app;

import static io.meterwatch.core.model.ParameterCatalogue.GAS_FLOW;
import static io.meterwatch.core.model.ParameterCatalogue.O2;
import static io.meterwatch.core.model.ParameterCatalogue.SO2;
import static io.meterwatch.core.testing.Fixtures.CAL;
import static io.meterwatch.core.testing.Fixtures.reading;

import io.meterwatch.connectors.bridge.MqttKafkaBridge;
import io.meterwatch.console.ConsoleServer;
import io.meterwatch.console.Role;
import io.meterwatch.console.UserStore;
import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseJson;
import io.meterwatch.core.hj212.Hj212Codec;
import io.meterwatch.core.json.ReadingJson;
import io.meterwatch.core.model.ReadingKind;
import io.meterwatch.core.registry.Enterprise;
import io.meterwatch.core.registry.Outlet;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.standards.Medium;
import io.meterwatch.devservices.EmbeddedKafka;
import io.meterwatch.devservices.MosquittoProcess;
import io.meterwatch.jobs.JobOptions;
import io.meterwatch.jobs.MonitoringJobMain;
import io.meterwatch.jobs.MonitoringSettings;
import io.meterwatch.jobs.cases.CasePipeline;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * End-to-end alert latency over the live path: a meter's HJ 212 upload published to mosquitto → the
 * bridge ({@link MqttKafkaBridge}, production settings) → Kafka {@code meter.readings} → the
 * monitoring job with the case manager, wired as {@code meterwatch job} wires it ({@link
 * MonitoringJobMain#wire}: exactly-once {@code alerts} sink, default watermark settings and
 * checkpoint interval unless {@code -Dbench.checkpoint} is given) on a MiniCluster (parallelism 2,
 * two readings partitions) → the case event committed on {@code alerts}, read by a read-committed
 * consumer → the bureau console ({@link ConsoleServer} on the same Kafka) and a logged-in
 * subscriber of its live events ({@code /api/stream}, server-sent events, as the pages use it).
 *
 * <p>Six coal-boiler outlets of the demo city, three per readings partition, send one
 * hourly-average upload (CN 2061) per hour of event time, SO2 500 mg/m3 at 9 % O2 (limit 400):
 * every hour breaches E1, so every judged hour gives each outlet's E1 case one event (OPENED, then
 * UPDATED). An hour is judged when the watermark passes its end (the allowed lateness only keeps it
 * open for back-fill); with hourly uploads that is the upload of the hour after next, whose data
 * time minus the out-of-orderness (2 min) passes the end. One step publishes every outlet's upload
 * of the next hour, paced {@code bench.stepMillis} apart so the closings fall at every phase of the
 * checkpoint cycle. A window's latency runs from the publish of the last upload of the step that
 * closes it (the upload that lets the watermark of the last partition pass) to the arrival of its
 * case event at the read-committed consumer, and to its arrival at the console's subscriber.
 *
 * <p>Beside it, in the same run: the same case event at a read-uncommitted consumer of {@code
 * alerts} (the job without the wait for the checkpoint that commits it), and every upload from its
 * publish to its reading's arrival at a read-committed consumer of {@code meter.readings} (the
 * transport: MQTT, bridge, Kafka).
 *
 * <pre>
 * mvn -B -o verify -pl core,devservices,connectors,simulator,jobs,console,app -DskipITs \
 *     -Ddist.skip=true -Dspotless.check.skip=true -Dtest=AlertLatencyBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.outletsPerPartition=3 -Dbench.hours=40 \
 *     -Dbench.stepMillis=2000 -Dbench.checkpoint=30s]
 * </pre>
 *
 * <p>Not part of {@code mvn verify}; results in docs/performance.md.
 */
class AlertLatencyBenchmark {
  /**
   * Outlets per readings partition: the job's watermark of a partition follows the time that {@link
   * io.meterwatch.jobs.source.MeterQuorumWatermarks#QUORUM} meters have reached, so each partition
   * needs at least that many.
   */
  private static final int PER_PARTITION =
      Integer.getInteger(
          "bench.outletsPerPartition", io.meterwatch.jobs.source.MeterQuorumWatermarks.QUORUM);

  private static final int PARTITIONS = 2;
  private static final int HOURS = Integer.getInteger("bench.hours", 40);
  private static final long STEP_MILLIS = Long.getLong("bench.stepMillis", 2000);
  private static final String CHECKPOINT = System.getProperty("bench.checkpoint", "");

  /** The first hour (local) that the uploads cover. */
  private static final Instant T0 = CAL.instant(LocalDateTime.of(2025, 3, 10, 0, 0));

  private static final Duration HOUR = Duration.ofHours(1);

  @Test
  void publishToCommittedCaseEvent() throws Exception {
    SiteRegistry registry = RegistryLoader.loadDefault();
    List<Outlet> outlets = coalBoilers(registry);
    Hj212Codec codec = new Hj212Codec();
    try (MosquittoProcess mqtt = MosquittoProcess.builder().build().start();
        EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(PARTITIONS).start()) {
      kafka.createTopic("meter.readings", PARTITIONS);
      kafka.createTopic("meter.readings.dlq", 1);
      kafka.createTopic(CasePipeline.ALERTS_TOPIC, 1);
      kafka.createTopic(CasePipeline.CASES_TOPIC, 1, Map.of("cleanup.policy", "compact"));
      kafka.createTopic(CasePipeline.ACTIONS_TOPIC, 1);

      List<String> args =
          new ArrayList<>(List.of("--kafka", kafka.bootstrapServers(), "--parallelism", "2"));
      if (!CHECKPOINT.isEmpty()) {
        args.addAll(List.of("--checkpoint-interval", CHECKPOINT));
      }
      JobOptions options = MonitoringJobMain.parse(args.toArray(String[]::new));
      MonitoringJobMain.ensureRegistryTopic(options);
      MonitoringSettings settings = options.settings();
      // a local MiniCluster as meterwatch demo runs it, without a web UI port
      Configuration conf = new Configuration();
      conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
      conf.set(RestOptions.PORT, 0);
      StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
      MonitoringJobMain.wire(options, env);

      // receive times (nanoTime) of each reading (MN + data time) and of each window's first case
      // event (outlet + window end), both read committed
      ConcurrentHashMap<String, Long> readingAt = new ConcurrentHashMap<>();
      ConcurrentHashMap<String, Long> caseEventAt = new ConcurrentHashMap<>();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> consumerFailure = new AtomicReference<>();
      ReadingJson json = new ReadingJson();
      Thread readings =
          consumer(
              kafka,
              "meter.readings",
              "read_committed",
              stop,
              consumerFailure,
              (r, now) -> {
                try {
                  io.meterwatch.core.model.Reading x = json.read(r.value(), Instant.now());
                  readingAt.putIfAbsent(x.mn() + "@" + x.dataTime().toEpochMilli(), now);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      Thread alerts =
          consumer(
              kafka,
              CasePipeline.ALERTS_TOPIC,
              "read_committed",
              stop,
              consumerFailure,
              (r, now) -> caseEvent(r, now, caseEventAt));
      // the same events as soon as the job has written them into its open transaction: the job's
      // own share, without the wait for the checkpoint that commits them
      ConcurrentHashMap<String, Long> caseEventWrittenAt = new ConcurrentHashMap<>();
      Thread uncommitted =
          consumer(
              kafka,
              CasePipeline.ALERTS_TOPIC,
              "read_uncommitted",
              stop,
              consumerFailure,
              (r, now) -> caseEvent(r, now, caseEventWrittenAt));
      readings.start();
      alerts.start();
      uncommitted.start();

      // the bureau console on the same Kafka, and a logged-in subscriber of its live events
      UserStore users = UserStore.empty();
      users.put("duty", Role.BUREAU, "latency-bench".toCharArray());
      ConsoleServer console =
          ConsoleServer.start(
              ConsoleServer.Settings.of(kafka.bootstrapServers(), users, "127.0.0.1", 0));
      ConcurrentHashMap<String, Long> consoleAt = new ConcurrentHashMap<>();
      // like a browser's EventSource, the subscriber connects again when the console ends the
      // stream (its HTTP server closes a connection idle for 30 s)
      AtomicInteger connects = new AtomicInteger();
      Thread subscriber =
          new Thread(
              () -> {
                while (!stop.get()) {
                  try (Stream<String> sse = subscribe(console.port(), "duty", "latency-bench")) {
                    connects.incrementAndGet();
                    readStream(sse, consoleAt);
                    Thread.sleep(100); // EventSource waits a moment before it connects again
                  } catch (Exception e) {
                    if (!stop.get()) {
                      consumerFailure.compareAndSet(null, e);
                    }
                    return;
                  }
                }
              },
              "latency-console");
      subscriber.setDaemon(true);
      subscriber.start();

      long[] stepFirst = new long[HOURS];
      long[] stepLast = new long[HOURS];
      JobClient job = env.executeAsync("alert latency benchmark");
      try (MqttKafkaBridge bridge =
              MqttKafkaBridge.builder()
                  .mqttUrl(mqtt.url())
                  .kafkaBootstrap(kafka.bootstrapServers())
                  .readingsTopic("meter.readings")
                  .dlqTopic("meter.readings.dlq")
                  .registry(registry)
                  .calendar(CAL)
                  .clientId("latency-bridge")
                  .metricsPort(0)
                  .build()
                  .start();
          Publisher pub = new Publisher(mqtt.url())) {
        // the first window closes at step 2; the steps up to 3 are the warm-up (job start, sources
        // assigned, first fetch); measuring starts once the first window's events are in
        for (int s = 0; s < HOURS; s++) {
          if (s > WARM_UP_STEPS) {
            Thread.sleep(STEP_MILLIS);
          }
          Instant hour = T0.plus(HOUR.multipliedBy(s));
          for (int i = 0; i < outlets.size(); i++) {
            Outlet o = outlets.get(i);
            // values move a little from hour to hour: a constant signal is a finding of its own
            String frame =
                codec.encodeReading(
                    reading(o.mn(), hour, ReadingKind.HOUR)
                        .avg(SO2, 500 + (s + i) % 7)
                        .avg(O2, 9)
                        .avg(GAS_FLOW, 50 + (s + i) % 3)
                        .build(),
                    o.password(),
                    4);
            long t = pub.publish(o.mn(), hour, frame);
            if (i == 0) {
              stepFirst[s] = t;
            }
            stepLast[s] = t;
          }
          pub.flush();
          if (s == WARM_UP_STEPS) {
            Instant firstEnd = T0.plus(HOUR);
            awaitAll(
                caseEventAt,
                outlets,
                List.of(firstEnd),
                Duration.ofMinutes(5),
                "first window (job start)");
          }
        }
        // every window closed by a measured step
        List<Instant> measured = new ArrayList<>();
        List<Integer> closingStep = new ArrayList<>();
        for (int k = 1; ; k++) {
          Instant end = T0.plus(HOUR.multipliedBy(k + 1));
          int s = closingStep(end, settings);
          if (s >= HOURS) {
            break;
          }
          if (s > WARM_UP_STEPS) {
            measured.add(end);
            closingStep.add(s);
          }
        }
        Duration checkpoint = options.checkpointInterval();
        awaitAll(
            caseEventAt,
            outlets,
            measured,
            checkpoint.multipliedBy(3).plusSeconds(60),
            "measured windows");
        if (consumerFailure.get() != null) {
          throw new AssertionError("a consumer failed", consumerFailure.get());
        }
        long[] alert = new long[measured.size() * outlets.size()];
        long[] alertAfterReading = new long[alert.length];
        long[] written = new long[alert.length];
        long[] atConsole = new long[alert.length];
        int n = 0;
        for (int w = 0; w < measured.size(); w++) {
          int s = closingStep.get(w);
          Instant closingHour = T0.plus(HOUR.multipliedBy(s));
          long lastReadingIn = 0;
          for (Outlet o : outlets) {
            Long in = readingAt.get(o.mn() + "@" + closingHour.toEpochMilli());
            lastReadingIn = Math.max(lastReadingIn, in == null ? Long.MAX_VALUE : in);
          }
          for (Outlet o : outlets) {
            long at = caseEventAt.get(o.id() + "@" + measured.get(w).toEpochMilli());
            if (at < stepFirst[s]) {
              throw new AssertionError(
                  "the case event of "
                      + o.id()
                      + " for the hour ending "
                      + measured.get(w)
                      + " came before step "
                      + s
                      + " was published: the closing step is not the one computed");
            }
            alert[n] = at - stepLast[s];
            alertAfterReading[n] = at - lastReadingIn;
            Long in = caseEventWrittenAt.get(o.id() + "@" + measured.get(w).toEpochMilli());
            written[n] = in == null ? Long.MAX_VALUE : in - stepLast[s];
            Long shown = awaitKey(consoleAt, o.id() + "@" + measured.get(w).toEpochMilli());
            atConsole[n] = shown == null ? -1 : shown - stepLast[s];
            n++;
          }
        }
        long[] transport = new long[(HOURS - WARM_UP_STEPS - 1) * outlets.size()];
        int m = 0;
        for (int s = WARM_UP_STEPS + 1; s < HOURS; s++) {
          Instant hour = T0.plus(HOUR.multipliedBy(s));
          long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          for (Outlet o : outlets) {
            String key = o.mn() + "@" + hour.toEpochMilli();
            while (!readingAt.containsKey(key) && System.nanoTime() < deadline) {
              Thread.sleep(10);
            }
            Long in = readingAt.get(key);
            if (in == null) {
              throw new AssertionError("no reading in Kafka for " + key);
            }
            // the publish time of this upload: the step's first publish plus its place in the step
            transport[m++] = in - pub.publishedAt(o.mn(), hour);
          }
        }
        long burst = 0;
        for (int s = WARM_UP_STEPS + 1; s < HOURS; s++) {
          burst = Math.max(burst, stepLast[s] - stepFirst[s]);
        }
        System.out.printf(
            Locale.ROOT,
            "AlertLatencyBenchmark: %d outlets x %d windows = %d case events, checkpoint every %s,"
                + " out-of-orderness %s, idleness %s, lateness %s, step every %d ms (widest step"
                + " %.1f ms)%n"
                + "  publish -> case event committed on alerts:       %s%n"
                + "  publish -> case event at a console subscriber:   %s (%d of the events;"
                + " %d connects)%n"
                + "  publish -> case event written, uncommitted:       %s%n"
                + "  closing reading in Kafka -> case event committed: %s%n"
                + "  publish -> reading in meter.readings [transport]: %s (%d uploads)%n",
            outlets.size(),
            measured.size(),
            alert.length,
            checkpoint,
            settings.outOfOrderness(),
            settings.idleness(),
            settings.allowedLateness(),
            STEP_MILLIS,
            burst / 1e6,
            percentiles(alert),
            percentiles(Arrays.stream(atConsole).filter(x -> x >= 0).toArray()),
            Arrays.stream(atConsole).filter(x -> x >= 0).count(),
            connects.get(),
            percentiles(written),
            percentiles(alertAfterReading),
            percentiles(transport),
            transport.length);
        if (consumerFailure.get() != null) {
          throw new AssertionError("a consumer failed", consumerFailure.get());
        }
      } finally {
        stop.set(true);
        readings.join();
        alerts.join();
        uncommitted.join();
        console.close();
        job.cancel().get();
      }
    }
  }

  private static final int WARM_UP_STEPS = 3;

  /** Logs in to the console and opens its live event stream (server-sent events). */
  private static Stream<String> subscribe(int port, String user, String password)
      throws IOException, InterruptedException {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    String base = "http://127.0.0.1:" + port;
    HttpResponse<Void> login =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=" + user + "&password=" + password))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    String cookie =
        login
            .headers()
            .firstValue("Set-Cookie")
            .orElseThrow(() -> new AssertionError("console login failed: " + login.statusCode()))
            .split(";", 2)[0];
    HttpResponse<Stream<String>> stream =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/stream"))
                .header("Cookie", cookie)
                // as EventSource asks: the server starts an event stream only for this
                .header("Accept", "text/event-stream")
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    if (stream.statusCode() != 200) {
      throw new AssertionError("console stream: HTTP " + stream.statusCode());
    }
    return stream.body();
  }

  /** Keeps the arrival of each E1 case event the console pushes ({@code event: case}). */
  private static void readStream(Stream<String> lines, Map<String, Long> arrivals)
      throws Exception {
    boolean caseEvent = false;
    for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
      String line = it.next();
      long now = System.nanoTime();
      if (line.startsWith("event:")) {
        caseEvent = line.substring(6).trim().equals("case");
      } else if (line.startsWith("data:") && caseEvent) {
        CaseEvent e = CaseJson.readEvent(line.substring(5).trim().getBytes(StandardCharsets.UTF_8));
        if (e.rule().equals("E1")) {
          arrivals.putIfAbsent(e.subject() + "@" + e.eventTime().toEpochMilli(), now);
        }
      } else if (line.isEmpty()) {
        caseEvent = false;
      }
    }
  }

  /**
   * The value of {@code key}, waiting up to 2 s for it (the events are committed by then), or
   * {@code null}.
   */
  private static Long awaitKey(Map<String, Long> map, String key) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (!map.containsKey(key) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return map.get(key);
  }

  /** Keeps the arrival of the first E1 case event of each outlet and window. */
  private static void caseEvent(
      ConsumerRecord<byte[], byte[]> r, long now, Map<String, Long> arrivals) {
    try {
      CaseEvent e = CaseJson.readEvent(r.value());
      if (e.rule().equals("E1")) {
        arrivals.putIfAbsent(e.subject() + "@" + e.eventTime().toEpochMilli(), now);
      }
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
  }

  /**
   * The demo city's coal-fired boiler stacks (GB 13271-2014: SO2 at most 400 mg/m3 at 9 % O2),
   * {@link #PER_PARTITION} on each readings partition (the bridge keys records by MN, and Kafka's
   * default partitioner places a key by its murmur2 hash).
   */
  private static List<Outlet> coalBoilers(SiteRegistry registry) {
    List<List<Outlet>> byPartition = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      byPartition.add(new ArrayList<>());
    }
    for (Enterprise e : registry.enterprises()) {
      for (Outlet o : e.outlets()) {
        if (o.medium() == Medium.FLUE_GAS
            && o.standard() != null
            && o.standard().startsWith("GB13271-2014-")
            && o.standard().endsWith("-coal")) {
          int p =
              Utils.toPositive(Utils.murmur2(o.mn().getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
          if (byPartition.get(p).size() < PER_PARTITION) {
            byPartition.get(p).add(o);
          }
        }
      }
    }
    List<Outlet> out = new ArrayList<>();
    for (List<Outlet> l : byPartition) {
      if (l.size() < PER_PARTITION) {
        throw new IllegalStateException(
            "the demo city has too few coal-boiler outlets on one partition for"
                + " -Dbench.outletsPerPartition="
                + PER_PARTITION);
      }
      out.addAll(l);
    }
    return out;
  }

  /**
   * The first step whose uploads move the watermark past {@code windowEnd - 1 ms}, where the job
   * judges the hour (docs/rules.md, "Time"): the step's data time minus the out-of-orderness (minus
   * Flink's 1 ms) reaches it.
   */
  private static int closingStep(Instant windowEnd, MonitoringSettings settings) {
    long needed =
        windowEnd.toEpochMilli() + settings.outOfOrderness().toMillis() - T0.toEpochMilli();
    return (int) ((needed + HOUR.toMillis() - 1) / HOUR.toMillis());
  }

  private static void awaitAll(
      Map<String, Long> caseEventAt,
      List<Outlet> outlets,
      List<Instant> windowEnds,
      Duration timeout,
      String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> missing = new ArrayList<>();
    do {
      missing.clear();
      for (Instant end : windowEnds) {
        for (Outlet o : outlets) {
          String key = o.id() + "@" + end.toEpochMilli();
          if (!caseEventAt.containsKey(key)) {
            missing.add(key);
          }
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(
        what
            + ": no E1 case event within "
            + timeout
            + " for "
            + missing.size()
            + " windows, e.g. "
            + missing.subList(0, Math.min(5, missing.size()))
            + "; events seen: "
            + caseEventAt.keySet());
  }

  /** A read-committed consumer of {@code topic} from its start, calling {@code onRecord}. */
  private static Thread consumer(
      EmbeddedKafka kafka,
      String topic,
      String isolation,
      AtomicBoolean stop,
      AtomicReference<Throwable> failure,
      BiConsumer<ConsumerRecord<byte[], byte[]>, Long> onRecord) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "latency-" + topic + "-" + isolation);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    Thread t =
        new Thread(
            () -> {
              try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
                c.subscribe(List.of(topic));
                while (!stop.get()) {
                  for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(50))) {
                    onRecord.accept(r, System.nanoTime());
                  }
                }
              } catch (Throwable e) {
                failure.compareAndSet(null, e);
              }
            },
            "latency-" + topic + "-" + isolation);
    t.setDaemon(true);
    return t;
  }

  /** p50 / p95 / p99 / max in ms. */
  private static String percentiles(long[] nanos) {
    if (nanos.length == 0) {
      return "none";
    }
    long[] s = nanos.clone();
    Arrays.sort(s);
    return String.format(
        Locale.ROOT,
        "p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms",
        at(s, 0.50) / 1e6,
        at(s, 0.95) / 1e6,
        at(s, 0.99) / 1e6,
        s[s.length - 1] / 1e6);
  }

  /** The nearest-rank percentile of sorted values. */
  private static long at(long[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /** QoS 1 publisher that keeps each upload's publish time (nanoTime). */
  private static final class Publisher implements AutoCloseable {
    private final MqttAsyncClient client;
    private final List<IMqttToken> pending = new ArrayList<>();
    private final Map<String, Long> publishedAt = new ConcurrentHashMap<>();

    Publisher(String url) throws Exception {
      client = new MqttAsyncClient(url, "latency-meters", new MemoryPersistence());
      MqttConnectOptions o = new MqttConnectOptions();
      o.setMaxInflight(1000);
      client.connect(o).waitForCompletion(30_000);
    }

    long publish(String mn, Instant dataTime, String frame) throws Exception {
      byte[] payload = frame.getBytes(StandardCharsets.US_ASCII);
      long t = System.nanoTime();
      pending.add(client.publish("meters/" + mn + "/data", payload, 1, false));
      publishedAt.put(mn + "@" + dataTime.toEpochMilli(), t);
      return t;
    }

    long publishedAt(String mn, Instant dataTime) {
      return publishedAt.get(mn + "@" + dataTime.toEpochMilli());
    }

    void flush() throws Exception {
      for (IMqttToken t : pending) {
        t.waitForCompletion(30_000);
      }
      pending.clear();
    }

    @Override
    public void close() throws Exception {
      client.disconnect().waitForCompletion(10_000);
      client.close();
    }
  }
}
