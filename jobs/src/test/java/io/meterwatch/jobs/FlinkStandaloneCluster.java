package io.meterwatch.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterwatch.devservices.ChildProcess;
import io.meterwatch.devservices.FreePort;
import io.meterwatch.devservices.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standalone Flink session cluster as {@code bin/start-cluster.sh} starts it: a JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and one TaskManager ({@code TaskManagerRunner}) as
 * separate JVMs on 127.0.0.1, configured by a {@code config.yaml} in a temp {@code FLINK_CONF_DIR},
 * with JVM memory options computed by Flink's own {@code BashJavaUtils} as the start scripts do.
 * {@link #flink(String...)} runs Flink's command-line front end ({@code bin/flink}) against it.
 *
 * <p>The class path is Flink only (what a distribution's {@code lib/} holds, listed by the jobs
 * module's build in {@code target/flink-cluster*.classpath}): job code must come from the job jar.
 * {@link #close()} stops both processes and deletes the directory with configuration, logs, blobs
 * and checkpoints.
 */
public final class FlinkStandaloneCluster implements AutoCloseable {
  /**
   * The JVM options that the distribution's {@code config.yaml} sets for Java 17 ({@code
   * env.java.opts.all}; Kryo, Pekko and the network stack reach into these JDK packages), less the
   * {@code jdk.compiler} exports that only the table planner's code generation uses.
   */
  static final List<String> JAVA17_OPTS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EXEC_RESULT = "BASH_JAVA_UTILS_EXEC_RESULT:";
  private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");

  private final Path dir;
  private final Path conf;
  private final Path logs;
  private final String classpath;
  private final int restPort;
  private final int slots;
  private final Map<String, String> settings;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** The JobManager first, then the TaskManagers in start order (dead ones removed). */
  private final List<Process> processes = new ArrayList<>();

  private int taskManagersStarted;

  private FlinkStandaloneCluster(List<Path> classpath, int slots, Map<String, String> settings) {
    this.slots = slots;
    this.settings = Map.copyOf(settings);
    this.classpath = String.join(":", classpath.stream().map(Path::toString).toList());
    this.dir = TempDirs.create("meterwatch-flink-");
    this.conf = dir.resolve("conf");
    this.logs = dir.resolve("log");
    this.restPort = FreePort.pick();
  }

  /**
   * Writes the configuration and starts the JobManager and the TaskManager without waiting for
   * them: {@link #awaitSlots} does, so that the caller can start other services meanwhile.
   *
   * @param classpath the Flink jars (no job classes)
   * @param slots task slots of the TaskManager
   */
  public static FlinkStandaloneCluster launch(List<Path> classpath, int slots) {
    return launch(classpath, 1, slots, Map.of());
  }

  /**
   * The same with {@code taskManagers} TaskManager JVMs and {@code settings} added to (or replacing
   * entries of) the {@code config.yaml} that {@link #launch(List, int)} writes.
   *
   * @param settings {@code config.yaml} keys and their values, as YAML scalars
   */
  public static FlinkStandaloneCluster launch(
      List<Path> classpath, int taskManagers, int slots, Map<String, String> settings) {
    FlinkStandaloneCluster c = new FlinkStandaloneCluster(classpath, slots, settings);
    try {
      c.writeConfig();
      c.processes.add(
          c.startDaemon(
              "standalonesession",
              "GET_JM_RESOURCE_PARAMS",
              "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
              "--executionMode",
              "cluster"));
      for (int i = 0; i < taskManagers; i++) {
        c.startTaskManager();
      }
      return c;
    } catch (IOException | RuntimeException e) {
      String logsTail = c.logTails();
      c.close();
      throw new IllegalStateException(
          "the standalone Flink cluster did not start: " + e.getMessage() + "\n" + logsTail, e);
    }
  }

  /**
   * Waits until the TaskManager has registered its slots with the JobManager.
   *
   * @throws IllegalStateException with the logs when a process exits or the time runs out
   */
  public void awaitSlots(Duration timeout) {
    awaitTaskManagers(taskManagers().size(), timeout);
  }

  /**
   * Starts one more TaskManager JVM ({@code bin/taskmanager.sh start}), e.g. the replacement a
   * supervisor starts for one that died; {@link #awaitTaskManagers} waits for its slots.
   *
   * @return its process, also in {@link #taskManagers()}
   */
  public Process startTaskManager() throws IOException {
    int n = taskManagersStarted++;
    Process p =
        startDaemon(
            n == 0 ? "taskexecutor" : "taskexecutor-" + n,
            "GET_TM_RESOURCE_PARAMS",
            "org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
    processes.add(p);
    return p;
  }

  /** The TaskManager processes started and not killed, in start order. */
  public List<Process> taskManagers() {
    return List.copyOf(processes.subList(1, processes.size()));
  }

  /**
   * Kills a TaskManager with SIGKILL by its pid, as a crash or the kernel's OOM killer ends it: no
   * shutdown hook runs, its slots and state vanish without a goodbye to the JobManager.
   *
   * @return the exit code (137 = 128 + SIGKILL)
   */
  public int killTaskManager(Process taskManager) throws InterruptedException {
    if (!taskManagers().contains(taskManager)) {
      throw new IllegalArgumentException("not a TaskManager of this cluster: " + taskManager.pid());
    }
    // Process.destroyForcibly sends SIGKILL to exactly this pid on Linux
    taskManager.destroyForcibly();
    int code = taskManager.waitFor();
    processes.remove(taskManager);
    return code;
  }

  /**
   * Waits until exactly {@code count} TaskManagers with their slots are registered with the
   * JobManager (a killed one counts until the JobManager has noticed that it is gone).
   *
   * @throws IllegalStateException with the logs when a process exits or the time runs out
   */
  public void awaitTaskManagers(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "(no answer)";
    while (System.nanoTime() < deadline) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException(
              "a Flink process exited with code " + p.exitValue() + "\n" + logTails());
        }
      }
      try {
        last = rest("/overview");
        if (last.contains("\"taskmanagers\":" + count + ",")
            && last.contains("\"slots-total\":" + count * slots + ",")) {
          return;
        }
      } catch (IOException notYet) {
        // REST endpoint not up yet
      }
      sleep(250);
    }
    throw new IllegalStateException(
        count
            + " TaskManager(s) with "
            + slots
            + " slots each not registered within "
            + timeout
            + ": "
            + last
            + "\n"
            + logTails());
  }

  /** {@code 127.0.0.1:port} of the REST endpoint: the {@code -m} of {@code flink run}. */
  public String restAddress() {
    return "127.0.0.1:" + restPort;
  }

  /** The {@code FLINK_CONF_DIR}. */
  public Path confDir() {
    return conf;
  }

  /** Output of one {@code bin/flink} run. */
  public record CliResult(int exitCode, String output) {
    /** The job id that {@code run -d} prints. */
    public String jobId() {
      Matcher m = JOB_ID.matcher(output);
      if (!m.find()) {
        throw new AssertionError("flink run printed no job id (exit " + exitCode + "):\n" + output);
      }
      return m.group(1);
    }
  }

  /**
   * Runs {@code bin/flink ARGS} as {@code bin/flink} does: {@code CliFrontend} in a new JVM with
   * the Flink class path and {@code FLINK_CONF_DIR} set, its log in the cluster's log directory.
   */
  public CliResult flink(Duration timeout, String... args) throws IOException {
    String name = "flink-client-" + args[0] + "-" + System.nanoTime();
    Path log = logs.resolve(name + ".log");
    List<String> cmd = new ArrayList<>(javaCommand());
    cmd.addAll(JAVA17_OPTS);
    cmd.add("-Dlog.file=" + log);
    cmd.add("-Dlog4j.configurationFile=file:" + conf.resolve("log4j.properties"));
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add("org.apache.flink.client.cli.CliFrontend");
    cmd.addAll(Arrays.asList(args));
    Path output = logs.resolve(name + ".out");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile());
    pb.environment().put("FLINK_CONF_DIR", conf.toString());
    Process p = pb.start();
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IOException(
            "bin/flink "
                + String.join(" ", args)
                + " did not end in "
                + timeout
                + ":\n"
                + Files.readString(output));
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return new CliResult(p.exitValue(), Files.readString(output));
  }

  /** GET on the REST API, e.g. {@code /jobs/overview}; the body as text. */
  public String rest(String path) throws IOException {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://" + restAddress() + path))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IOException("GET " + path + " -> HTTP " + r.statusCode() + ": " + r.body());
      }
      return r.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** The state of job {@code jobId} (RUNNING, RESTARTING, FINISHED, CANCELED, FAILED, ...). */
  public String jobState(String jobId) throws IOException {
    return JSON.readTree(rest("/jobs/" + jobId)).path("state").asText();
  }

  /** How many checkpoints of job {@code jobId} completed. */
  public long completedCheckpoints(String jobId) throws IOException {
    return JSON.readTree(rest("/jobs/" + jobId + "/checkpoints"))
        .path("counts")
        .path("completed")
        .asLong();
  }

  /** Job state, its exceptions and the cluster's log tails, for failure messages. */
  public String jobDiagnostics(String jobId) {
    StringBuilder sb = new StringBuilder();
    try {
      sb.append("job state: ").append(jobState(jobId)).append('\n');
      sb.append("exceptions: ").append(rest("/jobs/" + jobId + "/exceptions")).append('\n');
    } catch (IOException e) {
      sb.append("REST unavailable: ").append(e.getMessage()).append('\n');
    }
    return sb.append(logTails()).toString();
  }

  /** The last lines of every log of the cluster and of the front end, for failure messages. */
  public String logTails() {
    StringBuilder sb = new StringBuilder();
    try (var files = Files.list(logs)) {
      // flink-*: the JVMs' and the front end's logs, not RocksDB's LOG files beside them
      for (Path f :
          files.filter(f -> f.getFileName().toString().startsWith("flink-")).sorted().toList()) {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        sb.append("---- ").append(f.getFileName()).append(" (first 20 ERROR/WARN lines)\n");
        lines.stream()
            .filter(l -> l.contains(" ERROR ") || l.contains(" WARN "))
            .limit(20)
            .forEach(l -> sb.append(l).append('\n'));
        sb.append("---- ").append(f.getFileName()).append(" (last 40 lines)\n");
        lines
            .subList(Math.max(0, lines.size() - 40), lines.size())
            .forEach(l -> sb.append(l).append('\n'));
      }
    } catch (IOException | UncheckedIOException e) {
      sb.append("(logs unreadable: ").append(e.getMessage()).append(")\n");
    }
    return sb.toString();
  }

  /** Whether the JobManager and every TaskManager not killed are still running. */
  public boolean isRunning() {
    return processes.size() >= 2 && processes.stream().allMatch(Process::isAlive);
  }

  /**
   * Stops the TaskManagers, then the JobManager (SIGTERM: Flink's shutdown hooks run, as with
   * {@code bin/stop-cluster.sh}), forcibly after 30 s, and deletes the cluster directory.
   */
  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      ChildProcess.stop(processes.get(i), Duration.ofSeconds(30));
    }
    processes.clear();
    TempDirs.deleteTree(dir);
  }

  private void writeConfig() throws IOException {
    Files.createDirectories(conf);
    Files.createDirectories(logs);
    // Every listener on 127.0.0.1. The two ports others must know (JobManager RPC for the
    // TaskManager, REST for the client) are picked here instead of Flink's fixed defaults 6123 and
    // 8081, which could collide with other servers on the machine; every other port is 0: the OS
    // picks a free one at bind time, with no race against other processes.
    String yaml =
        """
        # Written by FlinkStandaloneCluster (meterwatch FlinkRunIT).
        env.java.opts.all: %s
        jobmanager.bind-host: 127.0.0.1
        jobmanager.rpc.address: 127.0.0.1
        jobmanager.rpc.port: %d
        # Heap, metaspace and overhead follow from this as on any standalone cluster.
        jobmanager.memory.process.size: 1024m
        jobmanager.execution.failover-strategy: region
        taskmanager.bind-host: 127.0.0.1
        taskmanager.host: 127.0.0.1
        taskmanager.rpc.port: 0
        taskmanager.data.port: 0
        taskmanager.numberOfTaskSlots: %d
        taskmanager.memory.process.size: 1536m
        # The job keeps its state on the heap: managed memory (RocksDB, batch sorting) stays small
        # so the task heap gets ~600 MB of the 1.5 GB.
        taskmanager.memory.managed.fraction: 0.1
        blob.server.port: "0"
        blob.storage.directory: %s
        rest.address: 127.0.0.1
        rest.bind-address: 127.0.0.1
        rest.port: %d
        io.tmp.dirs: %s
        web.tmpdir: %s
        parallelism.default: 1
        execution.checkpointing.dir: file://%s
        # RPC timeouts for a shared 2-core machine: under load a TaskManager can take longer than
        # the default 10 s to accept a task deployment, which would fail the job, and a JVM longer
        # than the default 10 s to start its RPC system (seen at load 24), which ends it.
        pekko.ask.timeout: 60 s
        pekko.startup-timeout: 60 s
        heartbeat.timeout: 120000
        # A failure ends the job at once with its exception, where the test reads it; a restart
        # loop would only turn it into a timeout.
        restart-strategy.type: none
        """
            .formatted(
                String.join(" ", JAVA17_OPTS),
                FreePort.pick(),
                slots,
                dir.resolve("blobs"),
                restPort,
                dir.resolve("tmp"),
                dir.resolve("web"),
                dir.resolve("checkpoints"));
    Files.createDirectories(dir.resolve("tmp"));
    Files.writeString(conf.resolve("config.yaml"), withSettings(yaml));
    Files.writeString(
        conf.resolve("log4j.properties"),
        """
        rootLogger.level = INFO
        rootLogger.appenderRef.file.ref = MainAppender
        appender.main.name = MainAppender
        appender.main.type = File
        appender.main.append = false
        appender.main.fileName = ${sys:log.file}
        appender.main.layout.type = PatternLayout
        appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c - %m%n
        logger.kafka.name = org.apache.kafka
        logger.kafka.level = WARN
        """);
  }

  /**
   * {@code yaml} with the lines of keys in {@link #settings} left out and the settings appended:
   * Flink's YAML parser refuses a key given twice.
   */
  private String withSettings(String yaml) {
    StringBuilder out = new StringBuilder();
    yaml.lines()
        .filter(l -> settings.keySet().stream().noneMatch(k -> l.startsWith(k + ":")))
        .forEach(l -> out.append(l).append('\n'));
    new TreeMap<>(settings).forEach((k, v) -> out.append(k).append(": ").append(v).append('\n'));
    return out.toString();
  }

  /** The {@code config.yaml} the cluster's JVMs read. */
  public Path configFile() {
    return conf.resolve("config.yaml");
  }

  /** The directory of the JVMs' log files ({@code flink-standalonesession.log}, ...). */
  public Path logDir() {
    return logs;
  }

  private List<String> javaCommand() {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /**
   * What {@code bin/flink-daemon.sh} does: JVM memory options and dynamic properties from {@code
   * BashJavaUtils}, Java 17 options, a log file, the Flink class path.
   */
  private Process startDaemon(String name, String resourceCommand, String mainClass, String... args)
      throws IOException {
    List<String> resources = bashJavaUtils(resourceCommand);
    List<String> cmd = new ArrayList<>(javaCommand());
    cmd.addAll(split(resources.get(0)));
    cmd.addAll(JAVA17_OPTS);
    cmd.add("-Dlog.file=" + logs.resolve("flink-" + name + ".log"));
    cmd.add("-Dlog4j.configurationFile=file:" + conf.resolve("log4j.properties"));
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(mainClass);
    cmd.add("--configDir");
    cmd.add(conf.toString());
    cmd.addAll(Arrays.asList(args));
    cmd.addAll(split(resources.get(1)));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(logs.resolve("flink-" + name + ".out").toFile());
    pb.environment().put("FLINK_CONF_DIR", conf.toString());
    return pb.start();
  }

  /** The two result lines (JVM options, dynamic properties) of a BashJavaUtils command. */
  private List<String> bashJavaUtils(String command) throws IOException {
    List<String> cmd = new ArrayList<>(javaCommand());
    cmd.addAll(
        List.of(
            "-cp",
            classpath,
            "org.apache.flink.runtime.util.bash.BashJavaUtils",
            command,
            "--configDir",
            conf.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      p.waitFor(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    List<String> results =
        out.lines()
            .filter(l -> l.startsWith(EXEC_RESULT))
            .map(l -> l.substring(EXEC_RESULT.length()).trim())
            .toList();
    if (results.size() != 2) {
      throw new IOException("BashJavaUtils " + command + " failed:\n" + out);
    }
    return results;
  }

  private static List<String> split(String line) {
    return line.isBlank() ? List.of() : Arrays.asList(line.trim().split("\\s+"));
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * Reads the class path files that the jobs module's build writes (see its pom.xml) and checks
   * every entry: Flink's jars only, each present.
   */
  static List<Path> classpathFromFiles(String... files) throws IOException {
    Set<Path> entries = new LinkedHashSet<>();
    for (String f : files) {
      Path p = Path.of(f);
      if (!Files.isRegularFile(p)) {
        throw new IOException(
            "class path file "
                + p
                + " is missing: it is written by `mvn package` in the jobs module"
                + " (maven-dependency-plugin build-classpath)");
      }
      for (String e : Files.readString(p).trim().split(":")) {
        if (!e.isBlank()) {
          entries.add(Path.of(e));
        }
      }
    }
    for (Path e : entries) {
      if (!Files.isRegularFile(e) || !e.toString().endsWith(".jar")) {
        throw new IOException("Flink class path entry is not a jar: " + e);
      }
    }
    return List.copyOf(entries);
  }
}
