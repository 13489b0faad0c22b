package io.meterwatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.connectors.kafka.CommittedTopicReader;
import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseJson;
import io.meterwatch.core.cases.CaseKey;
import io.meterwatch.core.cases.CaseRecord;
import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.Severity;
import io.meterwatch.devservices.EmbeddedKafka;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's read model at the size of the issue: 100 000 cases with 1 000 000 case events (made
 * by the case manager's own lifecycle), on an embedded Kafka. Prints
 *
 * <ol>
 *   <li>start-up: the time until the read model has read both topics, beside a plain Kafka consumer
 *       reading the same records without parsing them, and one that parses them without a model (in
 *       the same run, alternating);
 *   <li>memory: the heap the model holds after a full GC, beside the bytes of the records it read;
 *   <li>requests on the loaded model: a page of 50 open cases, a county filter, the overview;
 *   <li>commit → browser: the time from the commit of a new case's event and record (one Kafka
 *       transaction, as the job writes them) to its arrival in an open page (server-sent event) and
 *       to its row in the page's live feed, p50/p99 over {@code bench.latency} cases, beside a
 *       plain read-committed Kafka consumer's receive time of the same records.
 * </ol>
 *
 * <pre>
 * mvn -B -o -pl console test -Dtest=CaseReadModelBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Options: {@code -Dbench.cases=100000 -Dbench.eventsPerCase=10 -Dbench.latency=300
 * -Dbench.rounds=3}.
 */
class CaseReadModelBenchmark {
  static final int CASES = Integer.getInteger("bench.cases", 100_000);
  static final int EVENTS_PER_CASE = Integer.getInteger("bench.eventsPerCase", 10);
  static final int LATENCY_CASES = Integer.getInteger("bench.latency", 300);
  static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
  static final String[] COUNTIES = {
    "hanbin", "xunyang", "hanyin", "shiquan", "ningshan", "ziyang",
    "langao", "pingli", "zhenping", "baihe", "gaoxin", "hengkou"
  };

  @Test
  void startUpMemoryRequestsAndCommitToBrowserLatency() throws Exception {
    Path dir = ConsoleFixture.tempDir();
    try (ConsoleFixture fx = new ConsoleFixture(dir)) {
      long[] bytes = load(fx.kafka);
      System.out.printf(
          "loaded %d case records (%.1f MB) and %d case events (%.1f MB)%n",
          CASES, bytes[0] / 1e6, bytes[1], bytes[2] / 1e6);

      // start-up, three rounds alternating the model and the two comparisons
      Properties client = new Properties();
      client.put("bootstrap.servers", fx.kafka.bootstrapServers());
      List<Long> model = new ArrayList<>();
      List<Long> plain = new ArrayList<>();
      List<Long> parsed = new ArrayList<>();
      long heapModel = 0;
      for (int round = 0; round < ROUNDS; round++) {
        plain.add(plainRead(client, false));
        parsed.add(plainRead(client, true));
        long before = usedHeapAfterGc();
        long t0 = System.nanoTime();
        CaseReadModel m = new CaseReadModel();
        try (CaseFollower f =
            new CaseFollower(
                client, ConsoleFixture.ALERTS, ConsoleFixture.CASES, m, e -> {}, e -> {})) {
          assertThat(f.awaitCaughtUp(Duration.ofMinutes(10))).isTrue();
          model.add((System.nanoTime() - t0) / 1_000_000);
          heapModel = usedHeapAfterGc() - before;
          assertThat(m.size()).isEqualTo(CASES);
          assertThat(m.sequence()).isEqualTo(bytes[1]);
          if (round == ROUNDS - 1) {
            requests(m);
          }
        }
      }
      long heapEvents = heapOfParsedEvents(client);
      System.out.printf(
          "start-up (ms, %d rounds): read model %s | plain consumer, bytes only %s | plain"
              + " consumer + JSON parse, no model %s%n",
          ROUNDS, model, plain, parsed);
      System.out.printf(
          "read model heap after GC: %.0f MB for %d cases and %d events (%.0f bytes per event;"
              + " the records' JSON: %.0f MB)%n",
          heapModel / 1e6,
          CASES,
          bytes[1],
          (double) heapModel / bytes[1],
          (bytes[0] + bytes[2]) / 1e6);
      System.out.printf(
          "[comparison] the same events held as parsed CaseEvents: %.0f MB (%.0f bytes per event)%n",
          heapEvents / 1e6, (double) heapEvents / bytes[1]);

      latency(fx, dir);
    }
  }

  /** Writes the cases' latest records (what compaction keeps) and every event; sizes in bytes. */
  static long[] load(EmbeddedKafka kafka) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    long recordBytes = 0;
    long events = 0;
    long eventBytes = 0;
    long t0 = System.nanoTime();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
      // one script per 1000 cases: the lifecycle's state of finished cases is dropped as we go
      for (int from = 0; from < CASES; from += 1000) {
        CaseScript script = new CaseScript();
        for (int i = from; i < Math.min(CASES, from + 1000); i++) {
          CaseKey key = key(i);
          String county = COUNTIES[i % COUNTIES.length];
          List<CaseEvent> out = new ArrayList<>();
          for (int h = 0; out.size() < EVENTS_PER_CASE; h++) {
            assertThat(h).as("hours to make %d events", EVENTS_PER_CASE).isLessThan(10_000);
            // a breach an hour, rising: OPENED, then UPDATED (at most once per update interval)
            // and ESCALATED as the lifecycle says
            out.addAll(
                script.breach(
                    key, county, Domain.EMISSION, Severity.WARNING, h, 40.0 + h * (i % 7)));
          }
          for (CaseEvent e : out) {
            byte[] v = CaseJson.eventBytes(e);
            producer.send(new ProducerRecord<>(ConsoleFixture.ALERTS, e.caseId(), v));
            events++;
            eventBytes += v.length;
          }
          List<CaseRecord> records = script.takeRecords();
          CaseRecord last = records.get(records.size() - 1);
          byte[] v = CaseJson.recordBytes(last);
          producer.send(new ProducerRecord<>(ConsoleFixture.CASES, last.caseId(), v));
          recordBytes += v.length;
        }
      }
      producer.flush();
    }
    System.out.printf("written in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    return new long[] {recordBytes, events, eventBytes};
  }

  static CaseKey key(int i) {
    return new CaseKey(String.format("91610900MA%08d", i / 250), "DA" + (i % 250), "E1", "a21026");
  }

  /** Reads both topics to their end as the follower does; ms. */
  static long plainRead(Properties client, boolean parse) throws Exception {
    long t0 = System.nanoTime();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(CommittedTopicReader.consumerProperties(client))) {
      List<TopicPartition> parts = new ArrayList<>();
      for (String topic : List.of(ConsoleFixture.CASES, ConsoleFixture.ALERTS)) {
        c.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
      }
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long n = 0;
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
          if (parse) {
            if (r.topic().equals(ConsoleFixture.CASES)) {
              CaseJson.readRecord(r.value());
            } else {
              CaseJson.readEvent(r.value());
            }
          }
          n += r.value().length;
        }
      }
      assertThat(n).isPositive();
    }
    return (System.nanoTime() - t0) / 1_000_000;
  }

  /** The heap of every event of alerts held as a parsed {@link CaseEvent}. */
  static long heapOfParsedEvents(Properties client) throws Exception {
    long before = usedHeapAfterGc();
    List<CaseEvent> held = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(CommittedTopicReader.consumerProperties(client))) {
      List<TopicPartition> parts = new ArrayList<>();
      c.partitionsFor(ConsoleFixture.ALERTS)
          .forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
          held.add(CaseJson.readEvent(r.value()));
        }
      }
    }
    long after = usedHeapAfterGc();
    assertThat(held).isNotEmpty();
    return after - before;
  }

  static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Median times of the requests the pages make, on the loaded model. */
  static void requests(CaseReadModel m) {
    Predicate<String> all = Role.BUREAU::sees;
    Predicate<String> hanbin = Role.parse("county:hanbin")::sees;
    Map<String, Runnable> ops = new java.util.LinkedHashMap<>();
    ops.put("page of 50 open cases (bureau)", () -> m.page(CaseReadModel.Query.open(), all));
    List<CaseRecord> copy = m.allCases();
    ops.put(
        "[comparison] the same page by filter and sort per request",
        () -> {
          List<CaseRecord> hits = new ArrayList<>();
          for (CaseRecord c : copy) {
            if (c.status() != io.meterwatch.core.cases.CaseStatus.CLOSED) {
              hits.add(c);
            }
          }
          hits.sort(
              java.util.Comparator.comparing(
                      CaseRecord::dueTime,
                      java.util.Comparator.nullsLast(
                          java.util.Comparator.<java.time.Instant>naturalOrder()))
                  .thenComparing(CaseRecord::caseId));
          List.copyOf(hits.subList(0, 50));
        });
    ops.put(
        "page 1000 of the open cases (offset 49 950)",
        () -> m.page(new CaseReadModel.Query(null, null, null, null, null, null, 49_950, 50), all));
    ops.put(
        "page of 50 open cases (county user)", () -> m.page(CaseReadModel.Query.open(), hanbin));
    ops.put(
        "text search 'DA17' (bureau)",
        () -> m.page(new CaseReadModel.Query(null, null, null, null, null, "DA17", 0, 50), all));
    ops.put(
        "[comparison] the same text search by a scan of every case's text",
        () -> {
          int n = 0;
          for (CaseRecord c : copy) {
            if (c.status() != io.meterwatch.core.cases.CaseStatus.CLOSED
                && CaseReadModel.haystack(c).contains("da17")) {
              n++;
            }
          }
          assertThat(n).isPositive();
        });
    ops.put("overview (bureau)", () -> m.overview(all, 50));
    ops.put(
        "[comparison] the overview's counts by a recount of every case",
        () -> {
          Map<String, int[]> counts = new java.util.TreeMap<>();
          for (CaseRecord c : copy) {
            if (c.status() != io.meterwatch.core.cases.CaseStatus.CLOSED) {
              int[] n =
                  counts.computeIfAbsent(c.county(), k -> new int[3 + Domain.values().length]);
              n[0]++;
              n[1] += c.overdue() ? 1 : 0;
              n[2] += c.severity() != null && c.severity().compareTo(Severity.MAJOR) >= 0 ? 1 : 0;
              n[3 + c.domain().ordinal()]++;
            }
          }
          assertThat(counts).hasSize(COUNTIES.length);
        });
    ops.put("enterprise's cases", () -> m.ofEnterprise("91610900MA00000007"));
    for (Map.Entry<String, Runnable> op : ops.entrySet()) {
      long[] t = new long[31];
      // untimed runs first: the JIT compiles each request before it is timed
      for (int i = 0; i < t.length; i++) {
        op.getValue().run();
      }
      for (int i = 0; i < t.length; i++) {
        long t0 = System.nanoTime();
        op.getValue().run();
        t[i] = System.nanoTime() - t0;
      }
      Arrays.sort(t);
      System.out.printf("  %-45s median %.1f ms%n", op.getKey(), t[t.length / 2] / 1e6);
    }
  }

  /** Commit → browser over the loaded console, beside a plain consumer. */
  static void latency(ConsoleFixture fx, Path dir) throws Exception {
    fx.startConsole();
    Map<String, Long> committedAt = new ConcurrentHashMap<>();
    Map<String, Long> consumerAt = new ConcurrentHashMap<>();
    AtomicBoolean running = new AtomicBoolean(true);
    Properties client = new Properties();
    client.put("bootstrap.servers", fx.kafka.bootstrapServers());
    Thread plain =
        new Thread(
            () -> {
              try (KafkaConsumer<String, byte[]> c =
                  new KafkaConsumer<>(CommittedTopicReader.consumerProperties(client))) {
                List<TopicPartition> parts = new ArrayList<>();
                c.partitionsFor(ConsoleFixture.ALERTS)
                    .forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
                c.assign(parts);
                c.seekToEnd(parts);
                parts.forEach(c::position);
                while (running.get()) {
                  for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
                    consumerAt.putIfAbsent(r.key(), System.currentTimeMillis());
                  }
                }
              }
            },
            "plain-consumer");
    plain.start();
    ChromeDriver browser = Browser.start(dir.resolve("chromium"));
    try {
      browser.get(fx.url("/login"));
      browser.findElement(By.id("name")).sendKeys("duty");
      browser.findElement(By.id("password")).sendKeys(ConsoleFixture.PASSWORD);
      browser.findElement(By.id("login-button")).click();
      new WebDriverWait(browser, Duration.ofSeconds(60))
          .until(d -> !d.findElements(By.id("county-table")).isEmpty());
      // arrival of each server-sent event, the first time its case shows in the live feed, and the
      // first time each open count shows in the overview's tile
      ((JavascriptExecutor) browser)
          .executeScript(
              "window.mwArrived = {}; window.mwShown = {}; window.mwCounts = {};"
                  + "const es = new EventSource('/api/stream');"
                  + "es.addEventListener('case', (m) => { const id = JSON.parse(m.data).caseId;"
                  + "  if (!(id in window.mwArrived)) window.mwArrived[id] = Date.now(); });"
                  + "new MutationObserver(() => { const now = Date.now();"
                  + "  document.querySelectorAll('#feed a').forEach((a) => {"
                  + "    if (!(a.textContent in window.mwShown)) window.mwShown[a.textContent] = now;"
                  + "  });"
                  + "  const oc = document.getElementById('open-count');"
                  + "  if (oc && !(oc.textContent in window.mwCounts))"
                  + "    window.mwCounts[oc.textContent] = now;"
                  + "  }).observe(document.getElementById('view'),"
                  + "  {childList: true, subtree: true});");
      Thread.sleep(2000);
      int openBefore = Integer.parseInt(browser.findElement(By.id("open-count")).getText());
      List<String> published = new ArrayList<>();
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, fx.kafka.bootstrapServers());
      p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
      p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-case-manager");
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
        producer.initTransactions();
        CaseScript script = new CaseScript();
        for (int i = 0; i < LATENCY_CASES; i++) {
          CaseKey key = key(CASES + i);
          List<CaseEvent> events =
              script.breach(
                  key, COUNTIES[i % COUNTIES.length], Domain.EMISSION, Severity.MAJOR, 0, 80.0);
          CaseRecord record = script.takeRecords().get(0);
          producer.beginTransaction();
          for (CaseEvent e : events) {
            producer.send(
                new ProducerRecord<>(ConsoleFixture.ALERTS, e.caseId(), CaseJson.eventBytes(e)));
          }
          producer.send(
              new ProducerRecord<>(
                  ConsoleFixture.CASES, record.caseId(), CaseJson.recordBytes(record)));
          producer.commitTransaction();
          committedAt.put(record.caseId(), System.currentTimeMillis());
          published.add(record.caseId());
          Thread.sleep(200);
        }
      }
      Thread.sleep(5000);
      Map<String, Long> arrived = browserMap(browser, "mwArrived");
      Map<String, Long> shown = browserMap(browser, "mwShown");
      // the i-th new case is counted once the tile shows openBefore + i + 1 or more
      Map<String, Long> counted = new HashMap<>();
      Map<String, Long> counts = browserMap(browser, "mwCounts");
      for (int i = 0; i < published.size(); i++) {
        int atLeast = openBefore + i + 1;
        String id = published.get(i);
        counts.entrySet().stream()
            .filter(e -> Integer.parseInt(e.getKey()) >= atLeast)
            .mapToLong(Map.Entry::getValue)
            .min()
            .ifPresent(t -> counted.put(id, t));
      }
      System.out.printf(
          "commit -> browser over %d new cases at 5 per second, model of %d cases:%n",
          LATENCY_CASES, CASES);
      print("  server-sent event in the page", committedAt, arrived);
      print("  row in the overview's live feed", committedAt, shown);
      print("  counted in the overview's open tile", committedAt, counted);
      print("  plain Kafka consumer [comparison]", committedAt, consumerAt);
    } finally {
      running.set(false);
      plain.join(5000);
      browser.quit();
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Long> browserMap(ChromeDriver browser, String name) {
    Map<String, Object> m =
        (Map<String, Object>)
            ((JavascriptExecutor) browser).executeScript("return window." + name + ";");
    Map<String, Long> out = new HashMap<>();
    m.forEach((k, v) -> out.put(k, ((Number) v).longValue()));
    return out;
  }

  static void print(String what, Map<String, Long> from, Map<String, Long> to) {
    long[] d =
        from.entrySet().stream()
            .filter(e -> to.containsKey(e.getKey()))
            .mapToLong(e -> to.get(e.getKey()) - e.getValue())
            .sorted()
            .toArray();
    AtomicLong missing = new AtomicLong(from.size() - d.length);
    if (d.length == 0) {
      System.out.printf("%-40s none arrived%n", what);
      return;
    }
    System.out.printf(
        "%-40s p50 %d ms, p99 %d ms, max %d ms (%d of %d; %d missing)%n",
        what,
        d[d.length / 2],
        d[Math.min(d.length - 1, (int) Math.ceil(d.length * 0.99) - 1)],
        d[d.length - 1],
        d.length,
        from.size(),
        missing.get());
  }
}
