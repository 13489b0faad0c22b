package io.meterwatch.app;

import io.meterwatch.connectors.registry.RegistryFollower;
import io.meterwatch.connectors.registry.RegistryTopic;
import io.meterwatch.console.ConsoleServer;
import io.meterwatch.console.PipelineHealth;
import io.meterwatch.console.UserStore;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.standards.StandardsLoader;
import io.meterwatch.jobs.JobArguments;
import io.meterwatch.jobs.KafkaClientOptions;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code meterwatch console}: the bureau web console (docs/console.md). */
@Command(
    name = "console",
    mixinStandardHelpOptions = true,
    description = "Serve the bureau web console: live cases, case detail, team actions.")
final class ConsoleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--kafka",
      paramLabel = "BOOTSTRAP",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
  String kafka;

  @Mixin KafkaClientOptions kafkaConfig = new KafkaClientOptions();

  @Option(
      names = "--users",
      paramLabel = "FILE",
      description =
          "Users file (meterwatch users add); without it the console serves only this machine"
              + " (loopback) as the local user with the bureau role.")
  Path users;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String bind;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port (default ${DEFAULT-VALUE}; 0 = any free port).")
  int port;

  @Option(
      names = "--alerts-topic",
      defaultValue = "alerts",
      description = "Case-event topic (default ${DEFAULT-VALUE}).")
  String alertsTopic;

  @Option(
      names = "--cases-topic",
      defaultValue = "cases",
      description = "Compacted case-state topic (default ${DEFAULT-VALUE}).")
  String casesTopic;

  @Option(
      names = "--actions-topic",
      defaultValue = "case.actions",
      description = "Team-action topic (default ${DEFAULT-VALUE}).")
  String actionsTopic;

  @Option(
      names = "--entries-topic",
      defaultValue = "report.entries",
      description = "Imported report entries topic (default ${DEFAULT-VALUE}).")
  String entriesTopic;

  @Option(
      names = "--influx-url",
      paramLabel = "URL",
      description =
          "InfluxDB with the job's hourly values, for the outlet charts (none: no charts).")
  String influxUrl;

  @Option(
      names = "--influx-db",
      defaultValue = "meterwatch",
      description = "InfluxDB database (default ${DEFAULT-VALUE}).")
  String influxDb;

  @Option(
      names = "--registry",
      paramLabel = "FILE",
      description =
          "Site registry YAML for the enterprise pages, in force until the registry topic has a"
              + " version; 'demo' = the demo city. The reports use it too (without it: the demo"
              + " city, as meterwatch report).")
  String registry;

  @Option(
      names = "--registry-topic",
      defaultValue = RegistryTopic.DEFAULT_TOPIC,
      description =
          "Registry topic followed for the enterprise pages (default ${DEFAULT-VALUE}; 'none' ="
              + " only --registry).")
  String registryTopic;

  @Option(
      names = "--bridge",
      paramLabel = "URL",
      description =
          "Metrics endpoint of a bridge for the health page, e.g. http://127.0.0.1:9464;"
              + " repeat for each bridge.")
  List<URI> bridges = new ArrayList<>();

  @Option(
      names = "--readings-topic",
      defaultValue = "meter.readings",
      description = "Topic the job reads, for its consumer lag (default ${DEFAULT-VALUE}).")
  String readingsTopic;

  @Option(
      names = "--dlq-topic",
      defaultValue = "meter.readings.dlq",
      description = "Dead-letter topic counted on the health page (default ${DEFAULT-VALUE}).")
  String dlqTopic;

  @Option(
      names = "--job-group",
      defaultValue = JobArguments.DEFAULT_GROUP,
      description = "The job's consumer group, for its lag (default ${DEFAULT-VALUE}).")
  String jobGroup;

  @Option(
      names = "--zone",
      defaultValue = "Asia/Shanghai",
      description = "Zone the pages show times in (default ${DEFAULT-VALUE}).")
  ZoneId zone;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private RegistryFollower registryFollower;
  private SiteRegistry initialRegistry;

  /** The console settings, or an error naming the option. */
  ConsoleServer.Settings settings() throws Exception {
    UserStore store = null;
    if (users != null) {
      if (!Files.isRegularFile(users)) {
        throw new IllegalArgumentException(
            "--users "
                + users
                + ": no such file (meterwatch users add NAME --users FILE makes it)");
      }
      store = UserStore.load(users);
      if (store.isEmpty()) {
        throw new IllegalArgumentException("--users " + users + ": the file has no users");
      }
    } else if (!ConsoleServer.isLoopback(bind)) {
      throw new IllegalArgumentException(
          "--bind " + bind + ": without --users the console binds only to a loopback address");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port " + port + ": must be 0..65535");
    }
    for (URI b : bridges) {
      if (!"http".equals(b.getScheme()) || b.getHost() == null) {
        throw new IllegalArgumentException(
            "--bridge " + b + ": give the bridge's metrics endpoint, e.g. http://127.0.0.1:9464");
      }
    }
    if (registry != null && !registry.equals("demo") && !Files.isRegularFile(Path.of(registry))) {
      throw new IllegalArgumentException("--registry " + registry + ": no such file");
    }
    try {
      initialRegistry =
          registry == null
              ? null
              : registry.equals("demo")
                  ? RegistryLoader.loadDefault()
                  : RegistryLoader.load(Path.of(registry));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--registry " + registry + ": " + e.getMessage(), e);
    }
    return new ConsoleServer.Settings(
        kafkaConfig.client(kafka),
        alertsTopic,
        casesTopic,
        actionsTopic,
        store,
        System.getProperty("user.name"),
        bind,
        port,
        zone,
        influxUrl,
        influxDb,
        e -> {
          // the case follower stopped: the console would show a frozen picture
          System.err.println(
              "meterwatch console: stopped reading "
                  + casesTopic
                  + " and "
                  + alertsTopic
                  + ": "
                  + e);
          System.exit(1);
        },
        initialRegistry == null ? RegistryLoader.loadDefault() : initialRegistry,
        entriesTopic,
        registryTopic);
  }

  /** The registry (file, then the registry topic's versions) and the pipeline-health sources. */
  private ConsoleServer.Sources sources(ConsoleServer.Settings s) {
    SiteRegistry initial = initialRegistry;
    Supplier<SiteRegistry> reg = initial == null ? null : () -> initial;
    if (!"none".equals(registryTopic)) {
      registryFollower =
          new RegistryFollower(
              s.kafka(),
              registryTopic,
              initial,
              initial != null ? initial.standards() : StandardsLoader.loadDefault());
      reg = () -> registryFollower.get().registry();
    }
    return new ConsoleServer.Sources(
        reg,
        new PipelineHealth.Settings(s.kafka(), bridges, readingsTopic, jobGroup, dlqTopic, null));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ConsoleServer.Settings s;
    try {
      s = settings();
    } catch (IllegalArgumentException e) {
      err.println("meterwatch console: " + e.getMessage());
      err.flush();
      return 2;
    }
    ConsoleServer console;
    try {
      console = ConsoleServer.start(s, sources(s));
    } catch (IllegalStateException e) {
      err.println("meterwatch console: " + e.getMessage());
      err.flush();
      return 1;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  console.close();
                  if (registryFollower != null) {
                    try {
                      registryFollower.close();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                  stopped.countDown();
                },
                "console-shutdown"));
    out.println(
        "meterwatch console: "
            + console.url()
            + " reading "
            + casesTopic
            + " and "
            + alertsTopic
            + " on "
            + kafka
            + (users == null
                ? "; no users file: this machine only, as " + s.localUser() + " (bureau)"
                : "; users from " + users)
            + "; Ctrl-C stops it");
    out.flush();
    stopped.await();
    return 0;
  }
}
