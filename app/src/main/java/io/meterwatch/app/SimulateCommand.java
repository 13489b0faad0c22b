package io.meterwatch.app;

import io.meterwatch.connectors.mqtt.MqttTls;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.time.DurationText;
import io.meterwatch.core.time.LocalCalendar;
import io.meterwatch.simulator.Simulation;
import io.meterwatch.simulator.VirtualClock;
import io.meterwatch.simulator.load.LoadGenerator;
import io.meterwatch.simulator.manifest.Manifest;
import io.meterwatch.simulator.publish.MessageSink;
import io.meterwatch.simulator.publish.MqttPublisher;
import io.meterwatch.simulator.publish.PayloadFormat;
import io.meterwatch.simulator.publish.PerMeterPublisher;
import io.meterwatch.simulator.scenario.Scenario;
import io.meterwatch.simulator.scenario.ScenarioLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.eclipse.paho.client.mqttv3.MqttException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code meterwatch simulate}: plays the registry's meters and a scenario into an MQTT broker, or
 * synthetic load with {@code --load}. Options: docs/simulator.md.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = "Simulate the meters of a city (HJ 212 or JSON over MQTT) with faults.")
final class SimulateCommand implements Callable<Integer> {

  @Option(names = "--mqtt", required = true, description = "broker URL, e.g. tcp://127.0.0.1:1883")
  String mqtt;

  @Option(names = "--registry", description = "site registry YAML (default: the demo city)")
  Path registry;

  @Option(
      names = "--scenario",
      description = "scenario YAML, or 'default' / 'clean' for the shipped ones (default: default)")
  String scenario = "default";

  @Option(names = "--format", description = "hj212 or json (default hj212)")
  String format = "hj212";

  @Option(names = "--qos", description = "0 or 1 (default 1)")
  int qos = 1;

  @Option(names = "--speed", description = "simulated seconds per wall-clock second (default 3600)")
  Double speed;

  @Option(names = "--as-fast-as-possible", description = "never wait for the wall clock")
  boolean asFastAsPossible;

  @Option(names = "--start", description = "local start time, e.g. 2025-03-30T00:00")
  String start;

  @Option(names = "--duration", description = "simulated duration (load mode: wall-clock), e.g. 6h")
  String duration;

  @Option(names = "--seed", description = "seed of the devices' random sources (default 1)")
  long seed = 1;

  @Option(names = "--manifest", description = "write the ground-truth manifest (JSON) here")
  Path manifest;

  @Mixin MqttLogin mqttLogin = new MqttLogin();

  @Mixin MqttTlsOptions mqttTls = new MqttTlsOptions();

  /** Where passwords named by environment variables are looked up (tests replace it). */
  Map<String, String> env = System.getenv();

  @Option(
      names = "--meter-logins",
      description =
          "each virtual meter connects as itself: user = its MN, password = its registry"
              + " password, as a broker set up with 'meterwatch registry mqtt-auth' expects")
  boolean meterLogins;

  @Option(names = "--topic-prefix", description = "topics are PREFIX/{mn}/data (default meters)")
  String topicPrefix = "meters";

  @Option(names = "--load", description = "load mode: number of synthetic meters")
  Integer load;

  @Option(names = "--rate", description = "load mode: messages per second in total (default 10000)")
  double rate = 10_000;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    if (speed != null && asFastAsPossible) {
      throw new IllegalArgumentException("--speed and --as-fast-as-possible exclude each other");
    }
    PayloadFormat f = PayloadFormat.fromName(format);
    String password;
    MqttTls tls;
    try {
      password = mqttLogin.password(env);
      tls = mqttTls.tls(mqtt);
    } catch (IllegalArgumentException e) {
      System.err.println("meterwatch simulate: " + e.getMessage());
      return 2;
    }
    if (meterLogins) {
      if (mqttLogin.user != null || load != null) {
        System.err.println(
            "meterwatch simulate: --meter-logins excludes --mqtt-user and --load (each registry"
                + " meter logs in as itself)");
        return 2;
      }
      SiteRegistry reg =
          registry == null ? RegistryLoader.loadDefault() : RegistryLoader.load(registry);
      try (PerMeterPublisher publisher =
          new PerMeterPublisher(
              mn -> {
                String pw = reg.meter(mn).map(m -> m.password()).orElse(null);
                return MqttPublisher.builder()
                    .url(mqtt)
                    .qos(qos)
                    .tls(tls)
                    .firstConnectWait(Duration.ofSeconds(10))
                    .credentials(mn, pw == null ? new char[0] : pw.toCharArray());
              })) {
        return runScenario(publisher, f);
      }
    }
    MqttPublisher.Builder connection =
        MqttPublisher.builder()
            .url(mqtt)
            .qos(qos)
            .tls(tls)
            .credentials(mqttLogin.user, password == null ? null : password.toCharArray());
    MqttPublisher connected;
    try {
      connected = connection.build();
    } catch (MqttException e) {
      // refused (credentials, certificates) or unreachable: one line, no stack trace
      System.err.println(
          "meterwatch simulate: "
              + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
      return 1;
    }
    try (MqttPublisher publisher = connected) {
      return load != null ? runLoad(publisher, f) : runScenario(publisher, f);
    }
  }

  private int runScenario(MessageSink publisher, PayloadFormat f) throws Exception {
    SiteRegistry reg =
        registry == null ? RegistryLoader.loadDefault() : RegistryLoader.load(registry);
    Scenario s =
        switch (scenario) {
          case "default" -> ScenarioLoader.loadDefault();
          case "clean" -> ScenarioLoader.loadClean();
          default -> ScenarioLoader.load(Path.of(scenario));
        };
    Simulation.Builder b =
        Simulation.builder()
            .registry(reg)
            .scenario(s)
            .seed(seed)
            .format(f)
            .topicPrefix(topicPrefix)
            .sink(publisher)
            .clock(
                asFastAsPossible
                    ? VirtualClock.asFastAsPossible()
                    : VirtualClock.atSpeed(speed == null ? 3600 : speed))
            .progress(this::printProgress, Duration.ofSeconds(2));
    if (start != null) {
      b.start(ScenarioLoader.parseStart(start));
    }
    if (duration != null) {
      b.duration(DurationText.parse(duration));
    }
    Simulation sim = b.build();
    out.printf(
        "simulating %s: %d enterprises, %s to %s, %s, QoS %d, seed %d -> %s%n",
        s.name(),
        reg.enterprises().size(),
        LocalCalendar.defaultCalendar().isoLocal(sim.start()),
        LocalCalendar.defaultCalendar().isoLocal(sim.end()),
        f.name().toLowerCase(Locale.ROOT),
        qos,
        seed,
        mqtt);
    Simulation.Result r = sim.run();
    Manifest m = r.manifest();
    out.printf(
        Locale.ROOT,
        "done: %d messages in %.1f s (%.0f/s), %d errors; %d faults, %d expected cases, %d expected"
            + " rejections%n",
        r.sent(),
        r.wallTime().toMillis() / 1000.0,
        r.ratePerSecond(),
        r.errors(),
        m.faults().size(),
        m.expectedCases().size(),
        m.expectedRejections().size());
    if (manifest != null) {
      m.write(manifest);
      out.println("manifest: " + manifest.toAbsolutePath());
    }
    return 0;
  }

  private int runLoad(MqttPublisher publisher, PayloadFormat f) throws Exception {
    Duration d = duration == null ? Duration.ofSeconds(60) : DurationText.parse(duration);
    out.printf(
        Locale.ROOT,
        "load: %d synthetic meters, %.0f msg/s target, %s, QoS %d -> %s%n",
        load,
        rate,
        DurationText.format(d),
        qos,
        mqtt);
    LoadGenerator g =
        new LoadGenerator(
            load,
            rate,
            d,
            publisher,
            f,
            LocalCalendar.defaultCalendar(),
            topicPrefix,
            Instant.parse("2025-03-30T00:00:00Z"),
            seed,
            this::printProgress);
    LoadGenerator.Result r = g.run();
    out.printf(
        Locale.ROOT,
        "done: %d messages in %.1f s, achieved %.0f msg/s (target %.0f), %d errors%n",
        r.sent(),
        r.wallTime().toMillis() / 1000.0,
        r.ratePerSecond(),
        rate,
        r.errors());
    return r.errors() == 0 ? 0 : 1;
  }

  private void printProgress(Simulation.Progress p) {
    if (p.done()) {
      return;
    }
    out.printf(
        Locale.ROOT,
        "sim %s  sent %d  rate %.0f/s  errors %d%n",
        LocalCalendar.defaultCalendar().isoLocal(p.simulatedTime()),
        p.sent(),
        p.ratePerSecond(),
        p.errors());
  }
}
