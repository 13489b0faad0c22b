package io.meterwatch.jobs;

import io.meterwatch.core.quality.DetectorConfig;
import io.meterwatch.core.quality.DetectorSwitches;
import io.meterwatch.core.time.DurationText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The command-line options of the monitoring job, declared once for the job jar's main ({@link
 * MonitoringJobMain}) and for {@code meterwatch job}: a picocli mixin. Each option's name, type,
 * default and description is its annotation; bounds are checked where the value is set, so every
 * error names its option; {@link #options()} returns the checked {@link JobOptions}, and {@link
 * #markdownTable} renders the declarations for docs/operations.md.
 */
public final class JobArguments {
  /** The job's consumer group unless {@code --group-id} says otherwise. */
  public static final String DEFAULT_GROUP = "meterwatch-monitoring";

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  private final MonitoringSettings.Builder settings = MonitoringSettings.builder();
  private final DetectorConfig.Builder detectors = DetectorConfig.builder();

  @Option(
      names = "--kafka",
      paramLabel = "BOOTSTRAP",
      required = true,
      description = "Kafka bootstrap servers")
  String kafka;

  // --kafka-config FILE (docs/security.md)
  @Mixin KafkaClientOptions kafkaConfig = new KafkaClientOptions();

  @Option(
      names = "--influx-url",
      paramLabel = "URL",
      description = "InfluxDB base URL; without it nothing is written to InfluxDB")
  String influxUrl;

  @Option(
      names = "--influx-db",
      paramLabel = "NAME",
      defaultValue = "meterwatch",
      description = "InfluxDB database")
  String influxDb;

  // --influx-user, --influx-password-file, --influx-password (docs/security.md)
  @Mixin InfluxLogin influx = new InfluxLogin();

  Path registry;

  @Option(
      names = "--registry-topic",
      paramLabel = "TOPIC",
      defaultValue = "registry",
      description =
          "published registry versions, followed while the job runs (docs/registry.md); the"
              + " --registry file is in force until the first arrives; none: do not follow")
  String registryTopic;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      defaultValue = "meter.readings",
      description = "readings topic")
  String topic;

  @Option(
      names = "--dlq-topic",
      paramLabel = "TOPIC",
      defaultValue = "meter.readings.dlq",
      description = "dead-letter topic")
  String dlqTopic;

  @Option(
      names = "--group-id",
      paramLabel = "GROUP",
      defaultValue = DEFAULT_GROUP,
      description = "Kafka consumer group of the job; case actions use GROUP-actions")
  String groupId;

  Duration checkpointInterval;

  @Option(
      names = "--cases",
      paramLabel = "true|false",
      arity = "1",
      defaultValue = "true",
      description = "run the case manager (alerts, case.actions) in the job")
  boolean cases;

  int parallelism;

  Duration maxFutureSkew;

  @Option(
      names = "--max-future-skew",
      paramLabel = "DURATION",
      defaultValue = "1d",
      converter = DurationConverter.class,
      description =
          "readings whose data time lies further ahead of their receive time are dead-lettered"
              + " (FUTURE_TIME), as the bridge does")
  void maxFutureSkew(Duration d) {
    if (d.isNegative()) {
      throw error("--max-future-skew: must be zero or positive: " + DurationText.format(d));
    }
    this.maxFutureSkew = d;
  }

  @Option(
      names = "--create-topics",
      description =
          "create missing topics with the settings of docs/operations.md instead of stopping")
  boolean createTopics;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "single node: keep RocksDB state and retained checkpoints in DIR and resume from the"
              + " latest one at start; default for meterwatch job: ~/.local/state/meterwatch/job,"
              + " for the jar: the cluster's checkpoint storage")
  Path stateDir;

  @Option(
      names = "--registry",
      paramLabel = "FILE",
      description = "site registry YAML (docs/registry.md); default: the shipped demo city")
  void registry(Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw error("--registry: cannot read file " + file);
    }
    this.registry = file;
  }

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      defaultValue = "Asia/Shanghai",
      converter = ZoneConverter.class,
      description = "zone of HJ 212 DataTime and of every local period")
  void zone(ZoneId zone) {
    settings.zone(zone);
  }

  @Option(
      names = "--out-of-orderness",
      paramLabel = "DURATION",
      defaultValue = "2m",
      converter = DurationConverter.class,
      description = "watermark out-of-orderness (docs/rules.md, Time)")
  void outOfOrderness(Duration d) {
    check("--out-of-orderness", settings::outOfOrderness, d);
  }

  @Option(
      names = "--idleness",
      paramLabel = "DURATION",
      defaultValue = "1m",
      converter = DurationConverter.class,
      description = "processing time after which a silent partition stops holding the watermark")
  void idleness(Duration d) {
    check("--idleness", settings::idleness, d);
  }

  @Option(
      names = "--lateness",
      paramLabel = "DURATION",
      defaultValue = "1h",
      converter = DurationConverter.class,
      description = "allowed lateness: back-fill this long after a period's end still updates it")
  void lateness(Duration d) {
    check("--lateness", settings::allowedLateness, d);
  }

  @Option(
      names = "--checkpoint-interval",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "checkpoint interval; alerts and Kafka offsets commit on checkpoints")
  void checkpointInterval(Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw error("--checkpoint-interval: must be positive: " + DurationText.format(d));
    }
    this.checkpointInterval = d;
  }

  @Option(
      names = "--detectors",
      paramLabel = "all|none|D1,D4",
      defaultValue = "all",
      converter = DetectorSwitchesConverter.class,
      description = "data verification detectors that run (docs/rules.md)")
  void detectors(DetectorSwitches switches) {
    detectors.switches(switches);
  }

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      defaultValue = "0",
      description = "job parallelism; 0: the environment's (meterwatch job: 2)")
  void parallelism(int n) {
    if (n < 0) {
      throw error("--parallelism: must be 0 or positive: " + n);
    }
    this.parallelism = n;
  }

  /** The checked options. */
  public JobOptions options() {
    return new JobOptions(
        kafka,
        kafkaConfig(),
        influxUrl,
        influxDb,
        influx.user,
        influxPassword(),
        registry,
        "none".equals(registryTopic) ? null : registryTopic,
        topic,
        dlqTopic,
        groupId,
        settings.detectors(detectors.build()).build(),
        checkpointInterval,
        cases,
        parallelism,
        maxFutureSkew,
        createTopics,
        stateDir);
  }

  /** The settings of {@code --kafka-config}, checked; empty without it. */
  private java.util.Map<String, String> kafkaConfig() {
    java.util.Properties p;
    try {
      p = kafkaConfig.client(kafka);
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    for (String k : p.stringPropertyNames()) {
      if (!k.equals("bootstrap.servers")) {
        m.put(k, p.getProperty(k));
      }
    }
    return m;
  }

  /**
   * The password given to this process (file or flag), or {@code null}: then the sinks read {@code
   * MW_INFLUX_PASSWORD} where they run, so it is not read here from the environment.
   */
  private String influxPassword() {
    try {
      return influx.password(java.util.Map.of());
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  private <T> void check(String option, Consumer<T> set, T value) {
    try {
      set.accept(value);
    } catch (IllegalArgumentException e) {
      throw error(option + ": " + e.getMessage());
    }
  }

  private ParameterException error(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /**
   * The options of {@code spec} (a command with this mixin) as a Markdown table: option, default,
   * meaning. docs/operations.md holds it verbatim.
   */
  public static String markdownTable(CommandSpec spec) {
    List<String> rows = new ArrayList<>();
    rows.add("| option | default | meaning |");
    rows.add("|---|---|---|");
    // Required first, then by name: reflection gives no stable declaration order.
    List<OptionSpec> options =
        spec.options().stream()
            .filter(o -> !o.usageHelp() && !o.versionHelp())
            .sorted(
                Comparator.comparing((OptionSpec o) -> !o.required())
                    .thenComparing(OptionSpec::longestName))
            .toList();
    for (OptionSpec o : options) {
      String name =
          o.longestName() + (o.arity().max() > 0 ? " " + o.paramLabel().replace("|", "\\|") : "");
      String def =
          o.required()
              ? "required"
              : o.defaultValue() == null
                      || o.showDefaultValue() == CommandLine.Help.Visibility.NEVER
                  ? ""
                  : "`" + o.defaultValue() + "`";
      rows.add("| `" + name + "` | " + def + " | " + String.join(" ", o.description()) + " |");
    }
    return String.join("\n", rows) + "\n";
  }

  /** Durations in the one grammar of meterwatch ({@link DurationText}): 30s, 1h30m, PT2M. */
  public static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return DurationText.parse(value);
      } catch (RuntimeException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class ZoneConverter implements ITypeConverter<ZoneId> {
    @Override
    public ZoneId convert(String value) {
      try {
        return ZoneId.of(value);
      } catch (RuntimeException e) {
        throw new TypeConversionException(
            "unknown zone '" + value + "' (e.g. Asia/Shanghai, UTC, +08:00)");
      }
    }
  }

  static final class DetectorSwitchesConverter implements ITypeConverter<DetectorSwitches> {
    @Override
    public DetectorSwitches convert(String value) {
      try {
        return DetectorSwitches.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
