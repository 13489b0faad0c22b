package io.meterwatch.jobs;

import static io.meterwatch.core.model.ParameterCatalogue.GAS_FLOW;
import static io.meterwatch.core.model.ParameterCatalogue.NOX;
import static io.meterwatch.core.model.ParameterCatalogue.O2;
import static io.meterwatch.core.model.ParameterCatalogue.SO2;
import static io.meterwatch.core.testing.Fixtures.CAL;
import static io.meterwatch.core.testing.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseJson;
import io.meterwatch.core.model.Reading;
import io.meterwatch.devservices.EmbeddedKafka;
import io.meterwatch.devservices.InfluxdProcess;
import io.meterwatch.jobs.cases.CasePipeline;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.IncrementalRemoteKeyedStateHandle;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded job jar on a standalone Flink 2.2 session cluster of two TaskManagers (2 slots each)
 * at parallelism 4, with RocksDB state and incremental checkpoints chosen by the cluster's {@code
 * config.yaml}, over a real Kafka broker and a real influxd ({@link FlinkStandaloneCluster}, as
 * {@link FlinkRunIT}). It loses a TaskManager to SIGKILL mid-run and is upgraded through a
 * savepoint, and the results stay exact: no case event lost, none twice.
 *
 * <p>Input: four kilns of one cement plant (the kiln of {@link FlinkRunIT}, four times: GB
 * 4915-2013, NOx permit limit 320 until 30 June and 260 from 1 July), whose meters are keyed to the
 * four subtasks 0–3 (checked). Each sends every 30 s from 2025-06-30 23:00 NOx 300, SO2 100 mg/m3
 * at O2 10 % (the reference) and flow 50, in three parts:
 *
 * <ol>
 *   <li>until 00:29:30: the hour 23:00 closes (4 hourly values per kiln) and the four flat
 *       parameters open one D4 case per kiln at the 00:00 reading, as in FlinkRunIT. Once these are
 *       committed (so a checkpoint holds them), the second part is sent;
 *   <li>until 01:43:30: the hour 00:00 closes, NOx 300 against 260 opens one E1 case per kiln. As
 *       soon as the job has written the first E1 case event to {@code alerts} (seen by a {@code
 *       read_uncommitted} consumer, normally before a checkpoint commits it), one TaskManager is
 *       killed (SIGKILL, by its pid) and a replacement is started, as a supervisor (systemd {@code
 *       Restart=always}, Kubernetes) does: two slots cannot run parallelism 4. The job restarts
 *       from its last completed checkpoint (checked: {@code latest.restored} of the REST API),
 *       replays the readings after it and commits each case once;
 *   <li>after {@code flink stop --savepointPath} and {@code flink run -s} with a new job jar
 *       (version {@value #NEW_VERSION}: the jar with its version resource changed, every class and
 *       so every operator uid the same; the job prints its version at start), until 03:43:30 with
 *       SO2 250 from 01:44: the hours 01:00 (SO2 (44 × 100 + 16 × 250) / 60 = 140) and 02:00 (SO2
 *       250) close; SO2 250 against 200 opens one new E1 case per kiln for the hour 02:00 (multiple
 *       0.25); the NOx E1 case and the D4 case are updated ({@link #expectedCases}). The earlier
 *       case events are not published again.
 * </ol>
 *
 * <p>Run by maven-failsafe-plugin in {@code mvn verify} (it needs the packaged job jar).
 */
class FlinkClusterFailoverIT {
  static final String DB = "meterwatch_failover";
  static final String NEW_VERSION = "0.1.1-failover-it";
  private static final Duration STEP_TIMEOUT = Duration.ofMinutes(3);
  private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");

  /** Four kilns: MN and outlet, one per subtask of a keyed operator at parallelism 4. */
  static final Map<String, String> KILNS =
      new TreeMap<>(
          Map.of(
              "610902G0010001", "kiln-DA001",
              "610902G0010002", "kiln-DA002",
              "610902G0010004", "kiln-DA004",
              "610902G0010014", "kiln-DA014"));

  private static Instant at(int day, int hour, int minute, int second) {
    return CAL.instant(LocalDateTime.of(2025, day == 30 ? 6 : 7, day, hour, minute, second));
  }

  /** Every kiln's readings from {@code from} (inclusive) to {@code to} (exclusive), every 30 s. */
  static List<Reading> readings(Instant from, Instant to) {
    Instant so2Rises = at(1, 1, 44, 0);
    List<Reading> rs = new ArrayList<>();
    for (Instant t = from; t.isBefore(to); t = t.plusSeconds(30)) {
      for (String mn : KILNS.keySet()) {
        rs.add(
            reading(mn, t)
                .rtd(NOX, 300)
                .rtd(SO2, t.isBefore(so2Rises) ? 100 : 250)
                .rtd(O2, 10)
                .rtd(GAS_FLOW, 50)
                .build());
      }
    }
    return rs;
  }

  /** Hourly values of one kiln: parameter|local hour|valid|value|valid minutes. */
  static List<String> expectedHourly(boolean upgraded) {
    List<String> perKiln = new ArrayList<>(FlinkRunIT.EXPECTED_HOURLY);
    if (upgraded) {
      for (String hour : List.of("2025-07-01T01:00", "2025-07-01T02:00")) {
        perKiln.add("a00000|" + hour + "|true|50.000000|60");
        perKiln.add("a19001|" + hour + "|true|10.000000|60");
        perKiln.add("a21002|" + hour + "|true|300.000000|60");
      }
      perKiln.add("a21026|2025-07-01T01:00|true|140.000000|60");
      perKiln.add("a21026|2025-07-01T02:00|true|250.000000|60");
    }
    return everyKiln(perKiln);
  }

  /**
   * Case events of one kiln as {@link FlinkRunIT#caseLine}s (docs/cases.md: a further breach
   * publishes UPDATED at most once per hour of event time, with the case's worst evidence). Part 3
   * adds: the NOx E1 case breached again by the hours 01:00 and 02:00 (UPDATED at 02:00 and 03:00);
   * SO2 250 from 01:44 is a new flat episode (docs/rules.md, D4) that reaches 60 min at 02:44, a
   * further breach of the kiln's open D4 case, now listing all four parameters (UPDATED); and the
   * new SO2 E1 case.
   */
  static List<String> expectedCases(boolean upgraded) {
    List<String> perKiln = new ArrayList<>(FlinkRunIT.EXPECTED_CASES);
    if (upgraded) {
      perKiln.add(
          "D4|a00000,a19001,a21002,a21026|UPDATED|OPEN|WARNING|2025-07-01T02:44"
              + "|2025-06-30T23:00|300.0|60.0");
      perKiln.add("E1|a21002|UPDATED|OPEN|MAJOR|2025-07-01T02:00|2025-07-01T00:00|300.0|260.0");
      perKiln.add("E1|a21002|UPDATED|OPEN|MAJOR|2025-07-01T03:00|2025-07-01T00:00|300.0|260.0");
      perKiln.add("E1|a21026|OPENED|OPEN|MAJOR|2025-07-01T03:00|2025-07-01T02:00|250.0|200.0");
    }
    return everyKiln(perKiln);
  }

  /** {@code perKiln} lines prefixed by each kiln's outlet, sorted. */
  private static List<String> everyKiln(List<String> perKiln) {
    List<String> out = new ArrayList<>();
    for (String outlet : KILNS.values()) {
      perKiln.forEach(l -> out.add(outlet + "|" + l));
    }
    out.sort(null);
    return out;
  }

  @Test
  void twoTaskManagersLoseOneAndUpgradeThroughASavepointWithExactCases(@TempDir Path tmp)
      throws Exception {
    long started = System.nanoTime();
    Steps steps = new Steps(started);
    assertThat(
            KILNS.keySet().stream()
                .map(mn -> KeyGroupRangeAssignment.assignKeyToParallelOperator(mn, 128, 4))
                .sorted()
                .toList())
        .as("subtask of each kiln's meter at parallelism 4 (default max parallelism 128)")
        .containsExactly(0, 1, 2, 3);
    Path jobJar = Path.of(FlinkRunIT.requiredProperty("meterwatch.jobJar"));
    List<Path> flinkClasspath =
        FlinkStandaloneCluster.classpathFromFiles(
            FlinkRunIT.requiredProperty("meterwatch.flinkClasspath"),
            FlinkRunIT.requiredProperty("meterwatch.flinkClasspathExtras"));
    assertThat(flinkClasspath)
        .as("RocksDB is on the cluster's class path, as in a distribution's lib/")
        .anyMatch(p -> p.getFileName().toString().startsWith("flink-statebackend-rocksdb-2.2"));
    Path registry =
        Files.writeString(
            tmp.resolve("registry.yaml"), FlinkRunIT.registry("FlinkClusterFailoverIT", KILNS));
    Path newJar = withVersion(jobJar, tmp.resolve("meterwatch-jobs-new-job.jar"), NEW_VERSION);
    Path savepoints = Files.createDirectories(tmp.resolve("savepoints"));
    Instant partB = at(1, 0, 30, 0);
    Instant partC = at(1, 1, 44, 0);

    try (EmbeddedKafka kafka = EmbeddedKafka.builder().start();
        InfluxdProcess influx = InfluxdProcess.startDefault();
        FlinkStandaloneCluster flink =
            FlinkStandaloneCluster.launch(flinkClasspath, 2, 2, clusterSettings())) {
      JobProcess.createTopics(kafka);
      MonitoringJobTest.send(kafka, "meter.readings", readings(at(30, 23, 0, 0), partB));
      flink.awaitSlots(STEP_TIMEOUT);
      steps.mark("cluster of 2 TaskManagers up");
      assertThat(Files.readString(flink.configFile()))
          .contains("state.backend.type: rocksdb", "execution.checkpointing.incremental: true");

      String jobId = submit(flink, kafka, influx, registry, jobJar, null);
      steps.mark("job submitted");
      Supplier<String> diagnostics = () -> flink.jobDiagnostics(jobId);
      assertThat(
              JSON.readTree(flink.rest("/jobs/" + jobId + "/checkpoints/config"))
                  .path("state_backend")
                  .asText())
          .isEqualTo("EmbeddedRocksDBStateBackend");

      // Part 1 committed: one D4 case and the hour 23:00 of every kiln.
      await(
          () -> caseLines(kafka).size() >= 4 && hourlyLines(influx).size() >= 16,
          flink,
          jobId,
          diagnostics);
      steps.mark("part 1 committed");
      assertThat(caseLines(kafka)).allMatch(l -> l.contains("|D4|")).hasSize(4);
      assertThat(subtasksWithInput(flink, jobId, "hourly validity"))
          .as("records received by each subtask of the keyed hourly-validity task")
          .hasSize(4)
          .allMatch(n -> n > 0);
      assertThat(flink.rest("/overview")).contains("\"slots-available\":0,");
      CheckpointFacts before = lastCheckpoint(flink, jobId);
      assertThat(before.keyedHandles())
          .as("keyed state handles of checkpoint %s", before.path())
          .isNotEmpty()
          .allMatch(h -> h.equals(IncrementalRemoteKeyedStateHandle.class.getSimpleName()));

      // Part 2; SIGKILL one TaskManager as soon as the job has written an E1 case event, normally
      // before a checkpoint commits it (how many were committed at the kill is printed).
      MonitoringJobTest.send(kafka, "meter.readings", readings(partB, partC));
      await(() -> uncommittedRules(kafka).contains("E1"), flink, jobId, diagnostics);
      Process victim = flink.taskManagers().get(0);
      long victimPid = victim.pid();
      int exit = flink.killTaskManager(victim);
      long killedAt = System.nanoTime();
      Process replacement = flink.startTaskManager();
      steps.mark("TaskManager killed, replacement started");
      long e1CommittedAtKill = caseLines(kafka).stream().filter(l -> l.contains("|E1|")).count();
      assertThat(exit).as("exit code of TaskManager pid %d", victimPid).isEqualTo(137);
      assertThat(replacement.pid()).isNotEqualTo(victimPid);

      await(() -> restoredCheckpoint(flink, jobId) >= before.id(), flink, jobId, diagnostics);
      steps.mark("job restored from checkpoint " + restoredCheckpoint(flink, jobId));
      await(
          () -> caseLines(kafka).size() >= 8 && hourlyLines(influx).size() >= 32,
          flink,
          jobId,
          diagnostics);
      double recovery = (System.nanoTime() - killedAt) / 1e9;
      steps.mark("part 2 committed");
      awaitTwoMoreCheckpoints(flink, jobId, diagnostics);
      assertThat(flink.jobState(jobId)).isEqualTo("RUNNING");
      assertThat(caseLines(kafka)).containsExactlyElementsOf(expectedCases(false));
      assertOneCasePerKey(caseEvents(kafka), List.of("D4:OPENED", "E1:OPENED"));
      assertThat(hourlyLines(influx)).containsExactlyElementsOf(expectedHourly(false));
      CheckpointFacts afterRestore = lastCheckpoint(flink, jobId);
      assertThat(afterRestore.keyedHandles())
          .allMatch(h -> h.equals(IncrementalRemoteKeyedStateHandle.class.getSimpleName()));

      // Upgrade: stop with a savepoint, run the new jar from it, send part 3.
      FlinkStandaloneCluster.CliResult stop =
          flink.flink(
              STEP_TIMEOUT,
              "stop",
              "--savepointPath",
              savepoints.toUri().toString(),
              "-m",
              flink.restAddress(),
              jobId);
      assertThat(stop.exitCode()).as("flink stop output:\n%s", stop.output()).isZero();
      Matcher savepoint = SAVEPOINT.matcher(stop.output());
      assertThat(savepoint.find()).as("flink stop output:\n%s", stop.output()).isTrue();
      await(() -> flink.jobState(jobId).equals("FINISHED"), flink, null, diagnostics);
      steps.mark("stopped with savepoint " + savepoint.group(1));
      String newJobId = submit(flink, kafka, influx, registry, newJar, savepoint.group(1));
      Supplier<String> newDiagnostics = () -> flink.jobDiagnostics(newJobId);
      steps.mark("new version submitted from the savepoint");
      MonitoringJobTest.send(kafka, "meter.readings", readings(partC, at(1, 3, 44, 0)));
      await(
          () -> caseLines(kafka).size() >= 24 && hourlyLines(influx).size() >= 64,
          flink,
          newJobId,
          newDiagnostics);
      steps.mark("part 3 committed");
      awaitTwoMoreCheckpoints(flink, newJobId, newDiagnostics);
      JsonNode restored =
          JSON.readTree(flink.rest("/jobs/" + newJobId + "/checkpoints")).path("latest");
      assertThat(restored.path("restored").path("is_savepoint").asBoolean()).isTrue();
      assertThat(caseLines(kafka)).containsExactlyElementsOf(expectedCases(true));
      assertOneCasePerKey(
          caseEvents(kafka),
          List.of("D4:OPENED,UPDATED", "E1:OPENED,UPDATED,UPDATED", "E1:OPENED"));
      assertThat(hourlyLines(influx)).containsExactlyElementsOf(expectedHourly(true));
      assertThat(FlinkRunIT.deadLetters(kafka)).as("no reading late after a restore").isEmpty();
      assertThat(flink.isRunning()).isTrue();

      System.out.printf(
          Locale.ROOT,
          "FlinkClusterFailoverIT: killed TaskManager pid %d with %d of 4 E1 case events"
              + " committed; restored checkpoint %d; every case committed %.1f s after the kill%n",
          victimPid,
          e1CommittedAtKill,
          restoredCheckpoint(flink, jobId),
          recovery);
    }
    System.out.printf(
        Locale.ROOT,
        "FlinkClusterFailoverIT: cluster start, run, TaskManager kill and restore, savepoint"
            + " upgrade, shutdown in %.1f s%n",
        (System.nanoTime() - started) / 1e9);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Prints when each step of the run was reached, for the run time in docs/status.md. */
  private record Steps(long started) {
    void mark(String step) {
      System.out.printf(
          Locale.ROOT,
          "FlinkClusterFailoverIT: %5.1f s %s%n",
          (System.nanoTime() - started) / 1e9,
          step);
    }
  }

  /**
   * The settings an operator adds to the distribution's {@code config.yaml} for this job (see
   * docs/operations.md): RocksDB with incremental checkpoints, a restart strategy (the job restarts
   * from its last checkpoint), and a heartbeat that notices a dead TaskManager within seconds.
   */
  static Map<String, String> clusterSettings() {
    return Map.of(
        "state.backend.type", "rocksdb",
        "execution.checkpointing.incremental", "true",
        // the REST API's checkpoint statistics lag by up to 3 s (its cache): keep the checkpoint
        // it names as latest on disk while the test reads its metadata
        "execution.checkpointing.num-retained", "3",
        // RocksDB's block cache and write buffers live in managed memory
        "taskmanager.memory.managed.fraction", "0.2",
        "restart-strategy.type", "fixed-delay",
        "restart-strategy.fixed-delay.attempts", "20",
        "restart-strategy.fixed-delay.delay", "1 s",
        // a SIGKILLed TaskManager answers no heartbeat RPC: after two failed ones (4 s) the
        // JobManager releases its slots instead of deploying the restarted tasks into them
        "heartbeat.interval", "2000");
  }

  /** {@code flink run -d [-s SAVEPOINT] JAR ...} at parallelism 4; the job id. */
  private static String submit(
      FlinkStandaloneCluster flink,
      EmbeddedKafka kafka,
      InfluxdProcess influx,
      Path registry,
      Path jar,
      String savepoint)
      throws IOException {
    List<String> args = new ArrayList<>(List.of("run", "-d", "-m", flink.restAddress()));
    if (savepoint != null) {
      args.addAll(List.of("-s", savepoint));
    }
    args.addAll(
        List.of(
            jar.toString(),
            "--kafka",
            kafka.bootstrapServers(),
            "--influx-url",
            influx.url(),
            "--influx-db",
            DB,
            "--registry",
            registry.toString(),
            "--parallelism",
            "4",
            "--checkpoint-interval",
            "3s",
            "--group-id",
            "failover-it"));
    FlinkStandaloneCluster.CliResult run = flink.flink(STEP_TIMEOUT, args.toArray(String[]::new));
    assertThat(run.exitCode()).as("flink run output:\n%s", run.output()).isZero();
    String version = savepoint == null ? JobVersion.current() : NEW_VERSION;
    assertThat(run.output()).contains(MonitoringJobMain.JOB_NAME + " job version " + version);
    return run.jobId();
  }

  /**
   * A copy of the job jar whose {@code job-version.properties} says {@code version}: a new build of
   * the same code, so every operator uid (and class) is the one the savepoint was written by.
   */
  static Path withVersion(Path jar, Path copy, String version) throws IOException {
    String resource = "io/meterwatch/jobs/" + JobVersion.RESOURCE;
    boolean replaced = false;
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.putNextEntry(new ZipEntry(e.getName()));
        if (e.getName().equals(resource)) {
          out.write(("version=" + version + "\n").getBytes(StandardCharsets.ISO_8859_1));
          replaced = true;
        } else {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    }
    assertThat(replaced).as("%s in %s", resource, jar).isTrue();
    return copy;
  }

  /** The last completed checkpoint's id, path and the classes of its keyed state handles. */
  record CheckpointFacts(long id, String path, List<String> keyedHandles) {}

  /**
   * Reads the metadata of the latest completed checkpoint, as the JobManager restores it; retried
   * when a newer checkpoint subsumed (deleted) it meanwhile.
   */
  private static CheckpointFacts lastCheckpoint(FlinkStandaloneCluster flink, String jobId)
      throws Exception {
    for (int attempt = 0; ; attempt++) {
      JsonNode latest =
          JSON.readTree(flink.rest("/jobs/" + jobId + "/checkpoints"))
              .path("latest")
              .path("completed");
      long id = latest.path("id").asLong();
      String path = latest.path("external_path").asText();
      Path metadata = Path.of(URI.create(path)).resolve("_metadata");
      try (DataInputStream in =
          new DataInputStream(new BufferedInputStream(Files.newInputStream(metadata)))) {
        CheckpointMetadata m =
            Checkpoints.loadCheckpointMetadata(
                in, FlinkClusterFailoverIT.class.getClassLoader(), path);
        List<String> handles = new ArrayList<>();
        for (OperatorState op : m.getOperatorStates()) {
          for (OperatorSubtaskState s : op.getSubtaskStates().values()) {
            for (KeyedStateHandle h : s.getManagedKeyedState()) {
              handles.add(h.getClass().getSimpleName());
            }
          }
        }
        return new CheckpointFacts(id, path, handles);
      } catch (NoSuchFileException subsumed) {
        if (attempt == 5) {
          throw subsumed;
        }
        FlinkStandaloneCluster.sleep(1000);
      }
    }
  }

  /** The id of the checkpoint the job restored from, or -1. */
  private static long restoredCheckpoint(FlinkStandaloneCluster flink, String jobId)
      throws IOException {
    JsonNode r =
        JSON.readTree(flink.rest("/jobs/" + jobId + "/checkpoints"))
            .path("latest")
            .path("restored");
    return r.isMissingNode() || r.isNull() ? -1 : r.path("id").asLong();
  }

  /** {@code read-records} of each subtask of the task whose name contains {@code operator}. */
  private static List<Long> subtasksWithInput(
      FlinkStandaloneCluster flink, String jobId, String operator) throws IOException {
    for (JsonNode v : JSON.readTree(flink.rest("/jobs/" + jobId)).path("vertices")) {
      if (v.path("name").asText().contains(operator)) {
        List<Long> out = new ArrayList<>();
        for (JsonNode s :
            JSON.readTree(flink.rest("/jobs/" + jobId + "/vertices/" + v.path("id").asText()))
                .path("subtasks")) {
          out.add(s.path("metrics").path("read-records").asLong());
        }
        return out;
      }
    }
    throw new AssertionError("no task with " + operator + " in job " + jobId);
  }

  private static void awaitTwoMoreCheckpoints(
      FlinkStandaloneCluster flink, String jobId, Supplier<String> diagnostics) throws Exception {
    long done = flink.completedCheckpoints(jobId);
    await(() -> flink.completedCheckpoints(jobId) >= done + 2, flink, jobId, diagnostics);
  }

  private static void await(
      FlinkRunIT.Check check,
      FlinkStandaloneCluster flink,
      String jobId,
      Supplier<String> diagnostics)
      throws Exception {
    FlinkRunIT.awaitUntil(check, flink, jobId, STEP_TIMEOUT, diagnostics);
  }

  static List<CaseEvent> caseEvents(EmbeddedKafka kafka) throws Exception {
    return FlinkRunIT.caseEvents(kafka);
  }

  /** Committed case events as outlet|{@link FlinkRunIT#caseLine}, sorted. */
  static List<String> caseLines(EmbeddedKafka kafka) throws Exception {
    return caseEvents(kafka).stream()
        .map(c -> c.subject() + "|" + FlinkRunIT.caseLine(c))
        .sorted()
        .toList();
  }

  /**
   * Per case id and rule, the event types in order: one case id per outlet, rule and key parameter
   * (a case opened again after the restore would have a second), one OPENED first, and each further
   * event once.
   */
  static void assertOneCasePerKey(List<CaseEvent> events, List<String> expectedTypesPerKiln) {
    Map<String, Set<String>> idsByKey =
        events.stream()
            .collect(
                Collectors.groupingBy(
                    c -> c.subject() + "|" + c.rule() + "|" + c.parameter(),
                    TreeMap::new,
                    Collectors.mapping(CaseEvent::caseId, Collectors.toSet())));
    assertThat(idsByKey.values()).allMatch(ids -> ids.size() == 1);
    Map<String, String> typesById =
        events.stream()
            .collect(
                Collectors.groupingBy(
                    c -> c.caseId() + "|" + c.rule(),
                    TreeMap::new,
                    Collectors.mapping(c -> c.type().name(), Collectors.joining(","))));
    assertThat(
            typesById.entrySet().stream()
                .map(e -> e.getKey().substring(e.getKey().indexOf('|') + 1) + ":" + e.getValue())
                .sorted()
                .toList())
        .containsExactlyElementsOf(
            KILNS.values().stream().flatMap(k -> expectedTypesPerKiln.stream()).sorted().toList());
  }

  private static List<String> hourlyLines(InfluxdProcess influx) throws IOException {
    return FlinkRunIT.hourlyLinesOfEveryOutlet(influx, DB);
  }

  /**
   * Rules of the case events in {@code alerts} including those of open transactions ({@code
   * read_uncommitted}): what the job has written, committed or not.
   */
  private static List<String> uncommittedRules(EmbeddedKafka kafka) throws IOException {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<String> rules = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts = List.of(new TopicPartition(CasePipeline.ALERTS_TOPIC, 0));
      c.assign(parts);
      c.seekToBeginning(parts);
      long end = c.endOffsets(parts).get(parts.get(0));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (c.position(parts.get(0)) < end && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          rules.add(CaseJson.readEvent(r.value()).rule());
        }
      }
    } catch (io.meterwatch.core.input.RejectedInputException e) {
      throw new IOException(e);
    }
    return rules;
  }
}
