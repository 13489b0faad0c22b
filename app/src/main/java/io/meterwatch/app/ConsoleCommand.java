package io.meterwatch.app;

import io.meterwatch.console.ConsoleServer;
import io.meterwatch.console.UserStore;
import io.meterwatch.jobs.KafkaClientOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
      names = "--actions-topic",
      defaultValue = "case.actions",
      description = "Team-action topic (default ${DEFAULT-VALUE}).")
  String actionsTopic;

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
      names = "--zone",
      defaultValue = "Asia/Shanghai",
      description = "Zone the pages show times in (default ${DEFAULT-VALUE}).")
  ZoneId zone;

  private final CountDownLatch stopped = new CountDownLatch(1);

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
    return new ConsoleServer.Settings(
        kafkaConfig.client(kafka),
        alertsTopic,
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
          System.err.println("meterwatch console: stopped reading " + alertsTopic + ": " + e);
          System.exit(1);
        });
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
      console = ConsoleServer.start(s);
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
                  stopped.countDown();
                },
                "console-shutdown"));
    out.println(
        "meterwatch console: "
            + console.url()
            + " reading "
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
