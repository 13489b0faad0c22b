package io.meterwatch.jobs;

import io.meterwatch.core.quality.DetectorConfig;
import io.meterwatch.core.quality.DetectorSwitches;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The command-line configuration of the monitoring job ({@link MonitoringJobMain}, {@code
 * meterwatch job}): {@code --name value} pairs, checked by {@link #parse} with messages naming the
 * option.
 *
 * @param kafka Kafka bootstrap servers (required)
 * @param influxUrl InfluxDB base URL, or {@code null} to write nothing to InfluxDB
 * @param influxDatabase InfluxDB database
 * @param influxUser InfluxDB user, or {@code null}
 * @param influxPassword InfluxDB password, or {@code null}
 * @param registry registry YAML file, or {@code null} for the shipped demo city
 * @param readingsTopic the readings topic
 * @param deadLetterTopic the dead-letter topic
 * @param groupId the consumer group of the job
 * @param settings zone, out-of-orderness, idleness, lateness, detectors switched on
 * @param checkpointInterval checkpoint interval (exactly-once alerts commit on checkpoints)
 * @param cases whether to run the case manager (alerts topic, case.actions) in the job
 * @param parallelism job parallelism, or 0 for the environment's default
 */
public record JobOptions(
    String kafka,
    String influxUrl,
    String influxDatabase,
    String influxUser,
    String influxPassword,
    Path registry,
    String readingsTopic,
    String deadLetterTopic,
    String groupId,
    MonitoringSettings settings,
    Duration checkpointInterval,
    boolean cases,
    int parallelism) {

  /** The usage text. */
  public static final String USAGE =
      """
      meterwatch monitoring job options:
        --kafka BOOTSTRAP            Kafka bootstrap servers (required)
        --influx-url URL             InfluxDB base URL; without it nothing is written to InfluxDB
        --influx-db NAME             InfluxDB database (default meterwatch)
        --influx-user U --influx-password P
        --registry FILE              site registry YAML (default: the shipped demo city)
        --zone ZONE                  zone of HJ 212 DataTime (default Asia/Shanghai)
        --out-of-orderness D         watermark out-of-orderness (default 2m)
        --idleness D                 idle-partition timeout, processing time (default 1m)
        --lateness D                 allowed lateness for back-fill (default 1h)
        --topic T                    readings topic (default meter.readings)
        --dlq-topic T                dead-letter topic (default meter.readings.dlq)
        --group-id G                 consumer group (default meterwatch-monitoring)
        --checkpoint-interval D      (default 30s)
        --cases true|false           run the case manager in the job (default true)
        --detectors all|none|D1,D4   data verification detectors that run (default all)
        --parallelism N              (default: the environment's)
      Durations: 30s, 2m, 1h, 1d or ISO-8601 (PT2M).""";

  /**
   * Parses {@code --name value} arguments.
   *
   * @throws IllegalArgumentException naming the offending option
   */
  public static JobOptions parse(String... args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || a.length() < 3) {
        throw new IllegalArgumentException("expected --option, got '" + a + "'");
      }
      String name = a.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
      m.put(name, value);
    }
    String kafka = m.remove("kafka");
    if (kafka == null || kafka.isBlank()) {
      throw new IllegalArgumentException("--kafka BOOTSTRAP is required");
    }
    MonitoringSettings.Builder s = MonitoringSettings.builder();
    String zone = m.remove("zone");
    if (zone != null) {
      try {
        s.zone(ZoneId.of(zone));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("--zone: unknown zone '" + zone + "'");
      }
    }
    duration(m, "out-of-orderness", s::outOfOrderness);
    duration(m, "idleness", s::idleness);
    duration(m, "lateness", s::allowedLateness);
    String detectors = m.remove("detectors");
    if (detectors != null) {
      try {
        s.detectors(DetectorConfig.builder().switches(DetectorSwitches.parse(detectors)).build());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--detectors: " + e.getMessage());
      }
    }
    Duration[] checkpoint = {Duration.ofSeconds(30)};
    duration(m, "checkpoint-interval", d -> checkpoint[0] = d);
    if (checkpoint[0].isZero() || checkpoint[0].isNegative()) {
      throw new IllegalArgumentException("--checkpoint-interval must be positive");
    }
    String influxUrl = m.remove("influx-url");
    String registry = m.remove("registry");
    String cases = m.getOrDefault("cases", "true").toLowerCase(Locale.ROOT);
    m.remove("cases");
    if (!cases.equals("true") && !cases.equals("false")) {
      throw new IllegalArgumentException("--cases must be true or false");
    }
    int parallelism = 0;
    String p = m.remove("parallelism");
    if (p != null) {
      try {
        parallelism = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        parallelism = -1;
      }
      if (parallelism < 1) {
        throw new IllegalArgumentException("--parallelism must be a positive number: " + p);
      }
    }
    String influxDb = m.getOrDefault("influx-db", "meterwatch");
    String influxUser = m.get("influx-user");
    String influxPassword = m.get("influx-password");
    String topic = m.getOrDefault("topic", "meter.readings");
    String dlq = m.getOrDefault("dlq-topic", "meter.readings.dlq");
    String group = m.getOrDefault("group-id", "meterwatch-monitoring");
    for (String known :
        new String[] {
          "influx-db", "influx-user", "influx-password", "topic", "dlq-topic", "group-id"
        }) {
      m.remove(known);
    }
    if (!m.isEmpty()) {
      throw new IllegalArgumentException("unknown option --" + m.keySet().iterator().next());
    }
    MonitoringSettings settings;
    try {
      settings = s.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--" + e.getMessage());
    }
    return new JobOptions(
        kafka,
        influxUrl,
        influxDb,
        influxUser,
        influxPassword,
        registry == null ? null : Path.of(registry),
        topic,
        dlq,
        group,
        settings,
        checkpoint[0],
        cases.equals("true"),
        parallelism);
  }

  private static void duration(
      Map<String, String> m, String name, java.util.function.Consumer<Duration> set) {
    String v = m.remove(name);
    if (v != null) {
      try {
        set.accept(parseDuration(v));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--" + name + ": " + e.getMessage());
      }
    }
  }

  /** Parses {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d}, {@code 500ms} or ISO-8601. */
  public static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        default -> throw new IllegalArgumentException("not a duration: '" + text + "'");
      };
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("not a duration: '" + text + "' (e.g. 30s, 2m, 1h)");
    }
  }
}
