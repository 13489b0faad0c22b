package io.meterwatch.app.demo;

import io.meterwatch.connectors.bridge.MqttKafkaBridge;
import io.meterwatch.connectors.registry.RegistryFollower;
import io.meterwatch.connectors.registry.RegistryTopic;
import io.meterwatch.console.ConsoleServer;
import io.meterwatch.console.PipelineHealth;
import io.meterwatch.console.Role;
import io.meterwatch.console.UserStore;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.core.registry.RegistryVersion;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.time.LocalCalendar;
import io.meterwatch.devservices.EmbeddedKafka;
import io.meterwatch.devservices.EmbeddedMqttBroker;
import io.meterwatch.devservices.InfluxdProcess;
import io.meterwatch.devservices.TempDirs;
import io.meterwatch.jobs.JobOptions;
import io.meterwatch.jobs.MonitoringJobMain;
import io.meterwatch.jobs.StateDir;
import io.meterwatch.jobs.cases.CasePipeline;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The whole pipeline on embedded services, as {@code meterwatch demo} runs it and as the end-to-end
 * test starts it: Moquette, a single-node KRaft Kafka, a local {@code influxd} (or an existing
 * InfluxDB), the MQTT→Kafka bridge and the monitoring job with the case manager on a local Flink
 * MiniCluster with checkpoints, and the bureau console with one generated login per role. The
 * simulator is not part of the stack: the caller plays a scenario into {@link #mqttUrl()}.
 *
 * <p>Everything binds to 127.0.0.1. {@link #close()} stops the parts in reverse order: job,
 * console, bridge, Kafka, MQTT, influxd.
 */
public final class DemoStack implements AutoCloseable {
  /** Topic of accepted readings. */
  public static final String READINGS_TOPIC = "meter.readings";

  /** Topic of rejected input (bridge) and late readings (job). */
  public static final String DLQ_TOPIC = "meter.readings.dlq";

  /** InfluxDB database the job writes to. */
  public static final String INFLUX_DATABASE = "meterwatch";

  private final Settings settings;
  private final Path dataDir;
  private final boolean ownDataDir;
  private final List<AutoCloseable> started = new ArrayList<>();

  /** The registry YAML published as version 1: the given file, or the shipped demo city. */
  private static String registryDocument(Path file) throws IOException {
    if (file != null) {
      return Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
    }
    try (java.io.InputStream in =
        RegistryLoader.class.getResourceAsStream(RegistryLoader.DEFAULT_RESOURCE)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private EmbeddedMqttBroker mqtt;
  private EmbeddedKafka kafka;
  private InfluxdProcess influxd;
  private String influxUrl;
  private MqttKafkaBridge bridge;
  private RegistryFollower follower;
  private ConsoleServer console;
  private List<DemoLogin> logins = List.of();
  private final AtomicReference<Throwable> consoleFailure = new AtomicReference<>();
  private JobClient job;

  /**
   * A login of the demo's console, made for this run.
   *
   * @param name login name
   * @param role its role
   * @param password the generated password (printed once by {@code meterwatch demo}; only the
   *     bcrypt hash is in the users file)
   */
  public record DemoLogin(String name, Role role, String password) {}

  /**
   * What the stack is started with.
   *
   * @param dataDir where Kafka, MQTT and influxd keep their data; {@code null} = a temp folder
   *     deleted on close
   * @param influxUrl an existing InfluxDB to write to; {@code null} = start a local influxd
   * @param registry the site registry the bridge and the job use
   * @param registryFile the registry's file for the job, {@code null} = the shipped demo city
   * @param calendar zone of HJ 212 DataTime
   * @param partitions partitions of the readings topic (= job parallelism)
   * @param checkpointInterval how often the job checkpoints; case events become visible to
   *     read-committed consumers at each checkpoint
   * @param consolePort port of the console on 127.0.0.1; 0 = any free port; a taken port other than
   *     0 falls back to a free one (the demo says which)
   */
  public record Settings(
      Path dataDir,
      String influxUrl,
      SiteRegistry registry,
      Path registryFile,
      LocalCalendar calendar,
      int partitions,
      Duration checkpointInterval,
      int consolePort) {
    /**
     * The settings {@code meterwatch demo} uses: parallelism 2 (a 2-core machine), checkpoints
     * every 5 s so case events show up within seconds.
     */
    public static Settings demo(
        SiteRegistry registry, Path registryFile, Path dataDir, String influxUrl, int consolePort) {
      return new Settings(
          dataDir,
          influxUrl,
          registry,
          registryFile,
          LocalCalendar.defaultCalendar(),
          2,
          Duration.ofSeconds(5),
          consolePort);
    }

    public Settings {
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(calendar, "calendar");
      if (partitions < 1) {
        throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
      }
      Objects.requireNonNull(checkpointInterval, "checkpointInterval");
      if (consolePort < 0 || consolePort > 65535) {
        throw new IllegalArgumentException("console port must be 0..65535, was " + consolePort);
      }
    }
  }

  private DemoStack(Settings settings) throws IOException {
    this.settings = settings;
    this.ownDataDir = settings.dataDir() == null;
    this.dataDir =
        ownDataDir
            ? Files.createTempDirectory("meterwatch-demo-")
            : Files.createDirectories(settings.dataDir());
  }

  /**
   * Starts every part, logging each step to {@code log}. On failure, whatever was started is
   * stopped again before the exception is thrown.
   */
  public static DemoStack start(Settings settings, PrintStream log) throws Exception {
    DemoStack s = new DemoStack(settings);
    try {
      s.startAll(log);
      return s;
    } catch (Exception | Error e) {
      s.close();
      throw e;
    }
  }

  private void startAll(PrintStream log) throws Exception {
    long t0 = System.nanoTime();
    java.util.function.Function<String, String> took =
        line ->
            String.format(
                java.util.Locale.ROOT, "%-70s (%4.1f s)", line, (System.nanoTime() - t0) / 1e9);
    mqtt =
        EmbeddedMqttBroker.builder()
            .persistenceDir(Files.createDirectories(dataDir.resolve("mqtt")))
            .start();
    started.add(mqtt);
    log.println(took.apply("  MQTT broker (Moquette)   " + mqtt.url()));

    kafka =
        EmbeddedKafka.builder()
            .dataDir(Files.createDirectories(dataDir.resolve("kafka")))
            .partitions(settings.partitions())
            .start();
    started.add(kafka);
    kafka.createTopic(READINGS_TOPIC, settings.partitions());
    kafka.createTopic(DLQ_TOPIC, 1);
    kafka.createTopic(CasePipeline.ALERTS_TOPIC, 1);
    kafka.createTopic(CasePipeline.CASES_TOPIC, 1, Map.of("cleanup.policy", "compact"));
    kafka.createTopic(CasePipeline.ACTIONS_TOPIC, 1);
    log.println(took.apply("  Kafka (KRaft, 1 node)    " + kafka.bootstrapServers()));

    // The demo city is version 1 of the registry topic: the bridge and the job follow it, so a
    // `meterwatch registry publish FILE --kafka ...` during the demo applies without a restart.
    Properties client = new Properties();
    client.put("bootstrap.servers", kafka.bootstrapServers());
    RegistryTopic registryTopic =
        new RegistryTopic(client, RegistryTopic.DEFAULT_TOPIC, Duration.ofSeconds(30));
    registryTopic.ensureTopic();
    RegistryVersion v1 =
        registryTopic.publish(registryDocument(settings.registryFile()), "demo", Instant.now());
    follower =
        new RegistryFollower(
            client,
            RegistryTopic.DEFAULT_TOPIC,
            settings.registry(),
            settings.registry().standards());
    started.add(follower);
    follower.awaitCaughtUp(Duration.ofSeconds(30));
    log.println(
        took.apply(
            "  registry version "
                + v1.version()
                + "       "
                + RegistryTopic.DEFAULT_TOPIC
                + " (sha256 "
                + v1.sha256().substring(0, 12)
                + ")"));

    if (settings.influxUrl() != null) {
      influxUrl = settings.influxUrl();
      log.println(took.apply("  InfluxDB (given)         " + influxUrl));
    } else {
      InfluxdInstaller.ensureInstalled(log);
      influxd =
          InfluxdProcess.builder()
              .dir(Files.createDirectories(dataDir.resolve("influxdb")))
              .start();
      started.add(influxd);
      influxUrl = influxd.url();
      log.println(took.apply("  InfluxDB (influxd)       " + influxUrl));
    }

    bridge =
        MqttKafkaBridge.builder()
            .mqttUrl(mqtt.url())
            .kafkaBootstrap(kafka.bootstrapServers())
            .readingsTopic(READINGS_TOPIC)
            .dlqTopic(DLQ_TOPIC)
            .registry(follower)
            .calendar(settings.calendar())
            .clientId("meterwatch-demo-bridge")
            // Moquette lets a QoS 1 subscriber hold only 10 unacknowledged messages, and the
            // bridge acknowledges after Kafka's round trip: that round trip is the demo's
            // throughput, so send at once instead of lingering 5 ms for fuller batches.
            .kafkaProperty("linger.ms", 0)
            // /health and /metrics on a free loopback port, for the console's health page
            .metricsPort(0)
            .build()
            .start();
    started.add(bridge);
    log.println(
        took.apply(
            "  bridge                   " + bridge.subscription() + " -> " + READINGS_TOPIC));

    List<String> args =
        new ArrayList<>(
            List.of(
                "--kafka",
                kafka.bootstrapServers(),
                "--influx-url",
                influxUrl,
                "--influx-db",
                INFLUX_DATABASE,
                "--zone",
                settings.calendar().zone().getId(),
                "--topic",
                READINGS_TOPIC,
                "--dlq-topic",
                DLQ_TOPIC,
                "--parallelism",
                Integer.toString(settings.partitions()),
                "--checkpoint-interval",
                settings.checkpointInterval().toMillis() + "ms"));
    if (settings.registryFile() != null) {
      args.addAll(List.of("--registry", settings.registryFile().toString()));
    }
    JobOptions options = MonitoringJobMain.parse(args.toArray(String[]::new));
    Configuration conf = new Configuration();
    // No web UI port to collide with other local services; the demo prints what matters.
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.PORT, 0);
    // A kept --data-dir keeps the job's state too: a restarted demo resumes its windows and cases
    // (docs/operations.md, "Restarts of a single-node job"); a temporary one has nothing to resume.
    Optional<Path> resume =
        ownDataDir ? Optional.empty() : StateDir.configure(conf, dataDir.resolve("flink"));
    resume.ifPresent(chk -> log.println("  monitoring job           resuming from " + chk));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(settings.partitions(), conf);
    MonitoringJobMain.wire(options, env);
    job = env.executeAsync("meterwatch monitoring");
    log.println(
        took.apply(
            "  monitoring job           Flink MiniCluster, parallelism "
                + settings.partitions()
                + ", checkpoint every "
                + settings.checkpointInterval().toSeconds()
                + " s"));

    startConsole(log, options.groupId());
    log.println(took.apply("  console                  " + console.url()));
  }

  /**
   * Starts the console on the stack's Kafka and InfluxDB with a users file of one login per role
   * (bureau, the registry's first county, viewer), written for this run with bcrypt hashes.
   */
  private void startConsole(PrintStream log, String jobGroup) throws IOException {
    SecureRandom random = new SecureRandom();
    // the registry's first county: the demo city lists its city district first
    String county = settings.registry().counties().keySet().iterator().next();
    logins =
        List.of(
            new DemoLogin("duty", Role.BUREAU, password(random)),
            new DemoLogin(county, Role.parse("county:" + county), password(random)),
            new DemoLogin("viewer", Role.parse("viewer"), password(random)));
    UserStore users = UserStore.empty();
    for (DemoLogin l : logins) {
      users.put(l.name(), l.role(), l.password().toCharArray());
    }
    Path usersFile = dataDir.resolve("console-users.yaml");
    users.save(usersFile);
    ConsoleServer.Settings cs = consoleSettings(users, settings.consolePort());
    try {
      console = ConsoleServer.start(cs, consoleSources(cs, jobGroup));
    } catch (IllegalStateException e) {
      if (settings.consolePort() == 0) {
        throw e;
      }
      log.println(
          "  console: port " + settings.consolePort() + " is taken, serving on a free port");
      cs = consoleSettings(users, 0);
      console = ConsoleServer.start(cs, consoleSources(cs, jobGroup));
    }
    started.add(console);
  }

  /** The registry topic's version in force, and the health of this stack's bridge and job. */
  private ConsoleServer.Sources consoleSources(ConsoleServer.Settings cs, String jobGroup) {
    return new ConsoleServer.Sources(
        () -> follower.get().registry(),
        new PipelineHealth.Settings(
            cs.kafka(),
            List.of(java.net.URI.create("http://127.0.0.1:" + bridge.metricsPort())),
            READINGS_TOPIC,
            jobGroup,
            DLQ_TOPIC,
            this::jobStatus));
  }

  private ConsoleServer.Settings consoleSettings(UserStore users, int port) {
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    return new ConsoleServer.Settings(
        p,
        CasePipeline.ALERTS_TOPIC,
        CasePipeline.CASES_TOPIC,
        CasePipeline.ACTIONS_TOPIC,
        users,
        null,
        "127.0.0.1",
        port,
        settings.calendar().zone(),
        influxUrl,
        INFLUX_DATABASE,
        e -> {
          consoleFailure.set(e);
          System.err.println("meterwatch demo: the console stopped reading the cases: " + e);
        });
  }

  /** 12 characters of an alphabet without look-alikes (0/O, 1/l/I), ~70 bits. */
  private static String password(SecureRandom random) {
    String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  /** The console of the stack. */
  public ConsoleServer console() {
    return console;
  }

  /** The console's logins made for this run: bureau, one county, viewer. */
  public List<DemoLogin> consoleLogins() {
    return logins;
  }

  /** Why the console stopped reading the cases, or {@code null} while it reads. */
  public Throwable consoleFailure() {
    return consoleFailure.get();
  }

  public String mqttUrl() {
    return mqtt.url();
  }

  public String kafkaBootstrap() {
    return kafka.bootstrapServers();
  }

  public String influxUrl() {
    return influxUrl;
  }

  public Path dataDir() {
    return dataDir;
  }

  public MqttKafkaBridge bridge() {
    return bridge;
  }

  /** The job's status, e.g. RUNNING or FAILED. */
  public String jobStatus() {
    try {
      return job.getJobStatus().get(5, TimeUnit.SECONDS).name();
    } catch (Exception e) {
      return "UNKNOWN (" + e.getClass().getSimpleName() + ")";
    }
  }

  /**
   * Runs an InfluxQL query against the job's database on the stack's own influxd (JSON answer of
   * /query); with a given {@code --influx-url}, use that server's own tools.
   */
  public String influxQuery(String influxQl) throws IOException {
    if (influxd == null) {
      throw new IllegalStateException(
          "the stack writes to the InfluxDB at " + influxUrl + "; query it there");
    }
    return influxd.query(INFLUX_DATABASE, influxQl);
  }

  /** Topics the demo uses, for the summary. */
  public Map<String, String> topics() {
    return Map.of(
        READINGS_TOPIC,
        "accepted readings (canonical JSON, key = MN)",
        DLQ_TOPIC,
        "rejected input with reason code",
        CasePipeline.ALERTS_TOPIC,
        "case events (exactly-once, key = case id)",
        CasePipeline.CASES_TOPIC,
        "each case's current state (compacted, key = case id)",
        CasePipeline.ACTIONS_TOPIC,
        "team actions (meterwatch tasks)");
  }

  @Override
  public void close() {
    if (job != null) {
      try {
        job.cancel().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        // Cancelling a job that already failed or finished throws; nothing is left to stop.
      }
      job = null;
    }
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        System.err.println("meterwatch demo: stopping " + started.get(i) + " failed: " + e);
      }
    }
    started.clear();
    if (ownDataDir) {
      TempDirs.deleteTree(dataDir);
    }
  }
}
