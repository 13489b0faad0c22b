package io.meterwatch.app;

import io.meterwatch.connectors.bridge.MqttKafkaBridge;
import io.meterwatch.connectors.bridge.MqttKafkaBridgeBuilder;
import io.meterwatch.connectors.mqtt.MqttTls;
import io.meterwatch.connectors.registry.RegistryFollower;
import io.meterwatch.connectors.registry.RegistryTopic;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.standards.StandardsLoader;
import io.meterwatch.core.time.DurationText;
import io.meterwatch.core.time.LocalCalendar;
import io.meterwatch.jobs.KafkaClientOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meterwatch bridge}: the MQTT to Kafka bridge (docs/bridge.md) until SIGTERM or Ctrl-C,
 * which stop it cleanly: no new messages, in-flight ones finished and acknowledged.
 */
@Command(
    name = "bridge",
    mixinStandardHelpOptions = true,
    description = "Bridge meter uploads from MQTT to Kafka, validated (see docs/bridge.md).")
final class BridgeCommand implements java.util.concurrent.Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--mqtt", required = true, description = "broker URL, e.g. tcp://host:1883")
  String mqtt;

  @Option(names = "--kafka", required = true, description = "Kafka bootstrap servers")
  String kafka;

  @Mixin KafkaClientOptions kafkaConfig = new KafkaClientOptions();

  @Option(
      names = "--topic-filter",
      description = "MQTT topic filter; its + level is the MN (default ${DEFAULT-VALUE})")
  String topicFilter = "meters/+/data";

  @Option(
      names = "--shared-group",
      description = "subscribe as $share/NAME/filter so several bridges split the load")
  String sharedGroup;

  @Option(names = "--readings-topic", description = "default ${DEFAULT-VALUE}")
  String readingsTopic = "meter.readings";

  @Option(names = "--dlq-topic", description = "default ${DEFAULT-VALUE}")
  String dlqTopic = "meter.readings.dlq";

  @Option(
      names = "--parts-topic",
      description =
          "forward split-packet parts to this Kafka topic (keyed by MN) and put them together"
              + " from there: needed with --shared-group (docs/bridge.md)")
  String partsTopic;

  @Option(
      names = "--ack-topic",
      description = "9014 acks, {mn} replaced (default ${DEFAULT-VALUE})")
  String ackTopic = "meters/{mn}/ack";

  @Option(
      names = "--registry",
      description =
          "site registry YAML for MN and PW checks; 'demo' = the demo city;"
              + " without it MN and PW are not checked")
  String registry;

  @Option(
      names = "--registry-topic",
      description =
          "Kafka topic of published registry versions, followed while the bridge runs: the newest"
              + " valid version applies from the next packet and the --registry file is in force"
              + " only until the topic has one; 'none' = do not follow (default ${DEFAULT-VALUE})")
  String registryTopic = RegistryTopic.DEFAULT_TOPIC;

  @Mixin MqttLogin mqttLogin = new MqttLogin();

  @Mixin MqttTlsOptions mqttTls = new MqttTlsOptions();

  /** Where passwords named by environment variables are looked up (tests replace it). */
  Map<String, String> env = System.getenv();

  @Option(
      names = "--client-id",
      description =
          "MQTT client id = persistent session; stable per instance"
              + " (default meterwatch-bridge-HOSTNAME)")
  String clientId;

  @Option(
      names = "--metrics-bind",
      paramLabel = "HOST:PORT",
      description =
          "Prometheus metrics on http://HOST:PORT/metrics and health on /health; port 0 = any free"
              + " one, 'off' = none; 0.0.0.0:PORT exposes both without a login to the network"
              + " (default ${DEFAULT-VALUE})")
  String metricsBind = "127.0.0.1:9464";

  @Option(names = "--zone", description = "zone of HJ 212 DataTime (default Asia/Shanghai)")
  String zone;

  @Option(names = "--split-timeout", description = "seconds to wait for split-packet parts (60)")
  int splitTimeoutSeconds = 60;

  @Option(
      names = "--max-payload-bytes",
      description =
          "larger payloads go to the DLQ as PAYLOAD_TOO_LARGE, 16384..524288 (default"
              + " ${DEFAULT-VALUE})")
  int maxPayloadBytes = MqttKafkaBridge.DEFAULT_MAX_PAYLOAD_BYTES;

  @Option(
      names = "--kafka-retry-budget",
      description =
          "how long Kafka may keep failing (broker down, no leader) before the bridge exits 1,"
              + " e.g. 90s, 5m (default ${DEFAULT-VALUE})")
  String kafkaRetryBudget = "5m";

  @Option(
      names = "--max-future-skew",
      description =
          "readings dated further ahead of their receive time go to the DLQ as FUTURE_TIME,"
              + " e.g. 10m, 1d (default ${DEFAULT-VALUE})")
  String maxFutureSkew = "1d";

  @Option(
      names = "--status-every",
      description = "seconds between status lines; 0 = none (default 5 in a terminal, else 0)")
  Integer statusEvery;

  private final CountDownLatch stopped = new CountDownLatch(1);

  /** The bridge settings the options stand for. */
  MqttKafkaBridgeBuilder settings() {
    MqttKafkaBridgeBuilder b =
        MqttKafkaBridge.builder()
            .mqttUrl(mqtt)
            .kafkaBootstrap(kafka)
            .topicFilter(topicFilter)
            .sharedGroup(sharedGroup)
            .readingsTopic(readingsTopic)
            .dlqTopic(dlqTopic)
            .partsTopic(partsTopic)
            .ackTopic(ackTopic)
            .mqttCredentials(mqttLogin.user, mqttLogin.password(env))
            .mqttTls(mqttTls.tls(mqtt))
            .splitTimeout(Duration.ofSeconds(splitTimeoutSeconds))
            .maxPayloadBytes(maxPayloadBytes)
            .kafkaRetryBudget(duration("--kafka-retry-budget", kafkaRetryBudget))
            .maxFutureSkew(duration("--max-future-skew", maxFutureSkew))
            .metricsBind("off".equals(metricsBind) ? null : metricsBind);
    Properties client = kafkaConfig.client(kafka);
    for (String key : client.stringPropertyNames()) {
      if (!key.equals("bootstrap.servers")) {
        b.kafkaProperty(key, client.getProperty(key));
      }
    }
    if (clientId != null) {
      b.clientId(clientId);
    }
    if (zone != null) {
      b.calendar(new LocalCalendar(ZoneId.of(zone)));
    }
    SiteRegistry initial = initialRegistry();
    if (initial != null) {
      b.registry(initial);
    }
    return b;
  }

  /** The registry in force until the registry topic has a version, or {@code null}. */
  private SiteRegistry initialRegistry() {
    if (registry == null) {
      return null;
    }
    return registry.equals("demo")
        ? RegistryLoader.loadDefault()
        : RegistryLoader.load(Path.of(registry));
  }

  /** Follows the registry topic, or {@code null} when told not to. */
  private RegistryFollower follower(SiteRegistry initial) {
    if ("none".equals(registryTopic)) {
      return null;
    }
    return new RegistryFollower(
        kafkaConfig.client(kafka),
        registryTopic,
        initial,
        initial != null ? initial.standards() : StandardsLoader.loadDefault());
  }

  private static Duration duration(String flag, String text) {
    try {
      return DurationText.parse(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(flag + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    MqttKafkaBridgeBuilder b;
    try {
      b = settings();
      b.build(); // every setting is checked before anything starts
    } catch (RuntimeException e) {
      err.println("meterwatch bridge: " + e.getMessage());
      err.flush();
      return 2;
    }
    RegistryFollower follower = follower(b.registryInForce().get().registry());
    if (follower != null) {
      b.registry(follower);
      // judge the first packets by the newest published version, not by the file
      if (!follower.awaitCaughtUp(Duration.ofSeconds(30))) {
        err.println(
            "meterwatch bridge: registry topic "
                + registryTopic
                + " not read within 30 s; starting with version "
                + follower.get().version());
      }
    }
    MqttKafkaBridge bridge = b.build();
    Thread hook =
        new Thread(
            () -> {
              stopped.countDown();
              bridge.close();
            },
            "bridge-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    int every = statusEvery != null ? statusEvery : System.console() != null ? 5 : 0;
    ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor();
    try {
      // the status line runs from the start, so a bridge that cannot reach its broker says so
      if (every > 0) {
        status.scheduleAtFixedRate(
            () -> {
              out.println(bridge.statusLine());
              out.flush();
            },
            every,
            every,
            TimeUnit.SECONDS);
      }
      try {
        bridge.start();
      } catch (MqttException e) {
        // refused for good (credentials, certificates): one line, no stack trace
        String tls = MqttTls.explain(e);
        err.println(
            "meterwatch bridge: MQTT connect to "
                + mqtt
                + " refused: "
                + (tls != null
                    ? tls
                    : e.getMessage() + " (reason code " + e.getReasonCode() + ")"));
        err.flush();
        return 1;
      }
      out.println(
          "meterwatch bridge: "
              + bridge.subscription()
              + " on "
              + mqtt
              + " -> "
              + readingsTopic
              + " / "
              + dlqTopic
              + " on "
              + kafka
              + (bridge.metricsUrl() == null ? "" : "; metrics " + bridge.metricsUrl() + "/metrics")
              + "; Ctrl-C stops it");
      out.flush();
      // a bridge that stopped (dead worker, Kafka failing beyond the retry budget) ends the
      // process with status 1 and one line, so that a supervisor restarts it
      while (!stopped.await(250, TimeUnit.MILLISECONDS)) {
        Throwable failure = bridge.failure();
        if (failure != null) {
          err.println(
              "meterwatch bridge: stopped: "
                  + KafkaErrors.failure(failure)
                  + "; unacknowledged messages stay at the broker");
          err.flush();
          return 1;
        }
        Throwable f = follower == null ? null : follower.failure();
        if (f != null) {
          err.println("meterwatch bridge: stopping, the registry follower failed: " + f);
          err.flush();
          return 1;
        }
      }
    } finally {
      status.shutdownNow();
      bridge.close();
      if (follower != null) {
        follower.close();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is what stopped us
      }
      out.println("meterwatch bridge stopped: " + bridge.statusLine());
      out.flush();
    }
    return 0;
  }

  /** Stops a running bridge as SIGTERM would (tests). */
  void stop() {
    stopped.countDown();
  }
}
