package io.meterwatch.jobs.registry;

import static io.meterwatch.core.testing.Fixtures.CAL;

import io.meterwatch.core.registry.RegistryChannel;
import io.meterwatch.core.registry.RegistryInForce;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.devservices.EmbeddedKafka;
import io.meterwatch.jobs.MonitoringJob;
import io.meterwatch.jobs.MonitoringJobMain;
import io.meterwatch.jobs.MonitoringSettings;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Time from publishing a registry version to its use by the job: from the moment the version's
 * record is sent (as {@code registry publish} does) to the moment the job's registry gate has
 * installed it in the registry channel every operator reads (so the next reading any operator
 * judges uses it). Beside it, in the same run, the floor: the same record's arrival at a plain
 * Kafka consumer polling the topic.
 *
 * <p>The job runs on a MiniCluster (parallelism 2) on a real Kafka broker, following the registry
 * topic, with its readings topic idle. Versions alternate between the demo city with and without
 * enterprise 40 (about 50 KB of YAML each, validated by the gate). Not part of {@code mvn verify};
 * run with
 *
 * <pre>
 * mvn -B -o verify -pl jobs -am -DskipITs -Dspotless.check.skip=true \
 *     -Dtest=RegistryApplyBenchmark -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.versions=20]
 * </pre>
 *
 * <p>Results in docs/performance.md.
 */
class RegistryApplyBenchmark {
  private static final int VERSIONS = Integer.getInteger("bench.versions", 20);

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @Test
  void publishToFirstUse() throws Exception {
    String with = DemoRegistryVersions.v2();
    String without = DemoRegistryVersions.v1();
    SiteRegistry start =
        RegistryLoader.read(
            new ByteArrayInputStream(without.getBytes(StandardCharsets.UTF_8)), "start");
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().start()) {
      kafka.createTopic("registry", 1);
      kafka.createTopic("readings", 2);
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(2);
      MonitoringJob.Streams streams =
          MonitoringJob.build(
              env,
              MonitoringJobMain.kafkaSource(
                  kafka.bootstrapServers(), "readings", "bench", CAL, false),
              MonitoringJobMain.registrySource(
                  kafka.bootstrapServers(), "registry", "bench", false),
              start,
              MonitoringSettings.defaults());
      streams.ruleEvents().sinkTo(new DiscardingSink<>());
      streams.hourlyValues().sinkTo(new DiscardingSink<>());
      streams.deadLetters().sinkTo(new DiscardingSink<>());
      String channel = streams.registryChannel();
      JobClient job = env.executeAsync("registry apply benchmark");

      ConcurrentHashMap<Long, Long> consumedAt = new ConcurrentHashMap<>();
      AtomicBoolean stop = new AtomicBoolean();
      Thread consumer = new Thread(() -> consume(kafka, consumedAt, stop), "plain-consumer");
      consumer.start();
      long[] inJob = new long[VERSIONS];
      long[] plain = new long[VERSIONS];
      try (KafkaProducer<byte[], byte[]> producer =
          kafka.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, "0"))) {
        // version 1 first, unmeasured: the job's sources start and the gate warms up
        producer.send(DemoRegistryVersions.record("registry", 1, without)).get();
        awaitVersion(channel, 1, Duration.ofMinutes(2));
        for (int i = 0; i < VERSIONS; i++) {
          long v = i + 2;
          Thread.sleep(500); // one version at a time: each is measured on an idle job
          long published = System.nanoTime();
          producer
              .send(DemoRegistryVersions.record("registry", v, v % 2 == 0 ? with : without))
              .get();
          awaitVersion(channel, v, Duration.ofSeconds(60));
          inJob[i] = System.nanoTime() - published;
          long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
          while (!consumedAt.containsKey(v) && System.nanoTime() < deadline) {
            Thread.sleep(1);
          }
          Long seen = consumedAt.get(v);
          plain[i] = seen == null ? Long.MAX_VALUE : seen - published;
        }
      } finally {
        stop.set(true);
        consumer.join();
        job.cancel().get();
      }
      System.out.printf(
          Locale.ROOT,
          "RegistryApplyBenchmark: %d versions (~%d KB each), publish -> in force in"
              + " the job: median %.0f ms, max %.0f ms; the same record at a plain consumer: median"
              + " %.0f ms, max %.0f ms%n",
          VERSIONS,
          with.length() / 1024,
          median(inJob) / 1e6,
          max(inJob) / 1e6,
          median(plain) / 1e6,
          max(plain) / 1e6);
    }
  }

  private static void awaitVersion(String channel, long version, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      RegistryInForce now = RegistryChannel.current(channel);
      if (now != null && now.version() >= version) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("version " + version + " not in force within " + timeout);
      }
      Thread.onSpinWait();
    }
  }

  /** Records when each version's record reaches a plain consumer (nanoTime). */
  private static void consume(
      EmbeddedKafka kafka, ConcurrentHashMap<Long, Long> consumedAt, AtomicBoolean stop) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "plain-consumer");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      c.subscribe(List.of("registry"));
      while (!stop.get()) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
          long now = System.nanoTime();
          String key = new String(r.key(), StandardCharsets.UTF_8);
          consumedAt.putIfAbsent(Long.parseLong(key.substring(1)), now);
        }
      }
    }
  }

  private static double median(long[] xs) {
    long[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
  }

  private static double max(long[] xs) {
    return Arrays.stream(xs).max().orElse(0);
  }
}
