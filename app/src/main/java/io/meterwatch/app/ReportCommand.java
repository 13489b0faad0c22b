package io.meterwatch.app;

import io.meterwatch.connectors.kafka.CommittedTopicReader;
import io.meterwatch.console.report.ReportFormat;
import io.meterwatch.core.config.ConfigException;
import io.meterwatch.core.registry.Enterprise;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.report.CaseHistory;
import io.meterwatch.core.report.ReportEntry;
import io.meterwatch.core.report.ReportEntryCsv;
import io.meterwatch.core.report.ReportJson;
import io.meterwatch.core.report.ReportRequest;
import io.meterwatch.core.report.ReportTable;
import io.meterwatch.core.report.SeriousPolicy;
import io.meterwatch.jobs.KafkaClientOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code meterwatch report}: the plan's outputs (disclosure lists, the county statistics table, the
 * rectification tracker) from what the pipeline wrote to Kafka: the case events on {@code alerts}
 * and the imported quality, safety and technology entries on {@code report.entries}. One report
 * model ({@link ReportTable}) renders as CSV, XLSX, HTML or JSON. docs/reports.md describes each.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "The plan's lists and statistics table (see docs/reports.md).",
    subcommands = {
      ReportCommand.Disclosure.class,
      ReportCommand.Statistics.class,
      ReportCommand.Rectification.class,
      ReportCommand.Import.class
    })
final class ReportCommand implements Runnable {
  /** Exit status of a user error (a flag or a file). */
  static final int USAGE = 2;

  /** Exit status when Kafka cannot be read or written. */
  static final int UNAVAILABLE = 1;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A user error: one line naming the flag or the file. */
  static final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
      super(message);
    }
  }

  /**
   * The registry of {@code --registry FILE}, or the demo city without it.
   *
   * @throws UsageError naming the flag, the file and its first error
   */
  static SiteRegistry registry(Path registryFile) {
    if (registryFile == null) {
      return RegistryLoader.loadDefault();
    }
    if (!Files.isReadable(registryFile)) {
      throw new UsageError("--registry: cannot read " + registryFile);
    }
    try {
      return RegistryLoader.load(registryFile);
    } catch (ConfigException e) {
      throw new UsageError(
          "--registry: "
              + registryFile
              + " is not a valid registry: "
              + e.errors().get(0)
              + (e.errors().size() > 1
                  ? " (and " + (e.errors().size() - 1) + " more; meterwatch registry validate)"
                  : ""));
    }
  }

  /** Where reports read from: Kafka topics and the registry. */
  static final class Source {
    @Option(
        names = "--kafka",
        paramLabel = "BOOTSTRAP",
        defaultValue = "127.0.0.1:9092",
        description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
    String bootstrap;

    @Mixin KafkaClientOptions config = new KafkaClientOptions();

    /** {@code bootstrap.servers} and the {@code --kafka-config} settings. */
    Properties client() {
      return config.client(bootstrap);
    }

    @Option(
        names = "--alerts-topic",
        defaultValue = "alerts",
        description = "Case-event topic (default ${DEFAULT-VALUE}).")
    String alertsTopic;

    @Option(
        names = "--entries-topic",
        defaultValue = "report.entries",
        description = "Imported entries topic (default ${DEFAULT-VALUE}).")
    String entriesTopic;

    @Option(
        names = "--registry",
        paramLabel = "FILE",
        description = "Site registry YAML (default: the demo city).")
    Path registryFile;

    @Option(
        names = "--zone",
        defaultValue = "Asia/Shanghai",
        description = "Zone of the local calendar periods (default ${DEFAULT-VALUE}).")
    String zoneText;

    @Option(
        names = "--timeout",
        defaultValue = "30",
        description = "Seconds to wait for Kafka (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    ZoneId zone;
    SiteRegistry registry;

    /** Checks the flags and loads the registry; nothing is read from Kafka yet. */
    void check() {
      try {
        zone = ZoneId.of(zoneText);
      } catch (DateTimeException e) {
        throw new UsageError("--zone: not a time zone: " + zoneText + " (e.g. Asia/Shanghai)");
      }
      if (timeoutSeconds < 1) {
        throw new UsageError("--timeout: must be at least 1 second, got " + timeoutSeconds);
      }
      registry = registry(registryFile);
    }

    List<CaseHistory> cases() {
      return CaseHistory.fold(
          AlertsTopic.events(client(), alertsTopic, Duration.ofSeconds(timeoutSeconds)));
    }

    List<ReportEntry> entries() {
      List<ReportEntry> out = new ArrayList<>();
      for (ConsumerRecord<String, byte[]> r : read(entriesTopic)) {
        try {
          out.add(ReportJson.readEntry(r.value()));
        } catch (IllegalArgumentException e) {
          // only meterwatch report import writes this topic; anything else is not an entry
        }
      }
      return out;
    }

    private List<ConsumerRecord<String, byte[]>> read(String topic) {
      return CommittedTopicReader.readAll(client(), topic, Duration.ofSeconds(timeoutSeconds));
    }
  }

  /** Format, destination and time of generation. */
  static final class Output {
    @Option(
        names = "--format",
        defaultValue = "csv",
        description = "csv, xlsx, html or json (default ${DEFAULT-VALUE}).")
    String formatText;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "Write to this file (required for xlsx; default: standard output).")
    Path out;

    @Option(
        names = "--generated-at",
        paramLabel = "INSTANT",
        description =
            "Time of generation printed on the report (default: now), e.g."
                + " 2025-07-19T02:00:00Z: the same time gives a published report byte for byte.")
    String generatedAtText;

    ReportFormat format;
    Instant generatedAt;

    void check() {
      try {
        format = ReportFormat.of(formatText);
      } catch (IllegalArgumentException e) {
        throw new UsageError("--format: " + e.getMessage());
      }
      if (format == ReportFormat.XLSX && out == null) {
        throw new UsageError("--out: an xlsx report is a binary file; name the file to write");
      }
      if (out != null) {
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
          throw new UsageError("--out: directory " + dir + " does not exist");
        }
      }
      try {
        generatedAt = generatedAtText == null ? Instant.now() : Instant.parse(generatedAtText);
      } catch (DateTimeParseException e) {
        throw new UsageError(
            "--generated-at: '"
                + generatedAtText
                + "' is not an instant like 2025-07-19T02:00:00Z");
      }
    }
  }

  /** What every report subcommand does: check flags, read Kafka, build, render, write. */
  abstract static class ReportSubcommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Source source;
    @Mixin Output output;

    /** The request of the subcommand's flags (after the registry is loaded). */
    abstract ReportRequest request();

    @Override
    public Integer call() throws IOException {
      PrintWriter err = spec.commandLine().getErr();
      ReportRequest request;
      try {
        source.check();
        output.check();
        request = request();
      } catch (ReportRequest.BadParameter e) {
        err.println(spec.qualifiedName() + ": " + e.param().flag() + ": " + e.getMessage());
        err.flush();
        return USAGE;
      } catch (UsageError e) {
        err.println(spec.qualifiedName() + ": " + e.getMessage());
        err.flush();
        return USAGE;
      }
      ReportTable t;
      try {
        t =
            request.build(
                source.registry,
                source.cases(),
                request.needsEntries() ? source.entries() : List.of(),
                source.zone,
                output.generatedAt);
      } catch (KafkaException e) {
        err.println(
            spec.qualifiedName()
                + ": cannot read Kafka at "
                + source.bootstrap
                + ": "
                + e.getMessage());
        err.flush();
        return UNAVAILABLE;
      }
      byte[] bytes = output.format.bytes(t);
      if (output.out == null) {
        PrintWriter out = spec.commandLine().getOut();
        out.print(new String(bytes, StandardCharsets.UTF_8));
        out.flush();
      } else {
        try (OutputStream o = Files.newOutputStream(output.out)) {
          o.write(bytes);
        }
        err.printf(
            "%s: %s, %s, %d row(s) -> %s%n",
            spec.qualifiedName(), t.title(), t.period(), t.rows().size(), output.out);
        err.flush();
      }
      return 0;
    }
  }

  /** {@code report disclosure}. */
  @Command(
      name = "disclosure",
      mixinStandardHelpOptions = true,
      description =
          "A disclosure list: exceeding, serious (exceeders), rectification or closed, for a local"
              + " month, quarter, half year or year.")
  static final class Disclosure extends ReportSubcommand {
    @Option(names = "--kind", description = "exceeding, serious, rectification or closed.")
    String kind;

    @Option(names = "--period", description = "2025-03, 2025-Q1, 2025-H1 or 2025 (local calendar).")
    String period;

    @Option(names = "--county", description = "Only this county (registry id or name).")
    String county;

    @Option(
        names = "--policy",
        paramLabel = "FILE",
        description = "Serious-exceeder policy (key=value; default: docs/reports.md).")
    Path policyFile;

    @Override
    ReportRequest request() {
      SeriousPolicy policy = SeriousPolicy.defaults();
      ReportRequest r = ReportRequest.disclosure(kind, period, county, source.registry, policy);
      if (policyFile != null) {
        try (Reader in = Files.newBufferedReader(policyFile, StandardCharsets.UTF_8)) {
          policy = SeriousPolicy.read(in);
        } catch (IOException e) {
          throw new UsageError("--policy: cannot read " + policyFile + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
          throw new UsageError("--policy: " + policyFile + ": " + e.getMessage());
        }
        r =
            new ReportRequest(
                r.report(),
                r.period(),
                r.year(),
                r.asOf(),
                r.by(),
                r.pastDeadline(),
                r.countyId(),
                policy);
      }
      return r;
    }
  }

  /** {@code report statistics}. */
  @Command(
      name = "statistics",
      mixinStandardHelpOptions = true,
      description =
          "The statistics table of capacity phased out, by county (or by department) and criterion.")
  static final class Statistics extends ReportSubcommand {
    @Option(names = "--year", description = "The year, e.g. 2025.")
    String year;

    @Option(
        names = "--as-of",
        paramLabel = "DATE",
        description = "Last local day counted (default: the year's last day), e.g. 2025-07-19.")
    String asOf;

    @Option(
        names = "--by",
        defaultValue = "county",
        description = "county or department (default ${DEFAULT-VALUE}).")
    String by;

    @Option(
        names = "--county",
        description = "Only this county's enterprises (registry id or name).")
    String county;

    @Override
    ReportRequest request() {
      return ReportRequest.statistics(year, asOf, by, county, source.registry);
    }
  }

  /** {@code report rectification}. */
  @Command(
      name = "rectification",
      mixinStandardHelpOptions = true,
      description =
          "The energy-quota rectification tracker: deadlines, extensions, months left, status.")
  static final class Rectification extends ReportSubcommand {
    @Option(
        names = "--as-of",
        paramLabel = "DATE",
        description = "Statuses at the end of this local day (default: today).")
    String asOf;

    @Option(
        names = "--past-deadline",
        description = "Only those past their deadline (closure proposed).")
    boolean pastDeadline;

    @Option(names = "--county", description = "Only this county (registry id or name).")
    String county;

    @Override
    ReportRequest request() {
      return ReportRequest.rectification(
          asOf, pastDeadline, county, source.registry, LocalDate.now(source.zone));
    }
  }

  /** {@code report import}. */
  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description =
          "Import quality, safety and technology entries from a CSV"
              + " (credit_code,criterion,status,date,note); a file with any bad line imports"
              + " nothing.")
  static final class Import implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Source source;

    @Parameters(index = "0", paramLabel = "FILE", description = "The CSV file (UTF-8).")
    Path file;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      String text;
      try {
        source.check();
        if (!Files.isReadable(file)) {
          throw new UsageError(file + ": cannot read the file");
        }
        try {
          text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UsageError(file + ": cannot read the file as UTF-8: " + e.getMessage());
        }
      } catch (UsageError e) {
        err.println(spec.qualifiedName() + ": " + e.getMessage());
        err.flush();
        return USAGE;
      }
      ReportEntryCsv.Result r =
          ReportEntryCsv.parse(
              text,
              source.registry.enterprises().stream()
                  .map(Enterprise::creditCode)
                  .collect(Collectors.toSet()));
      if (!r.ok()) {
        r.errors().forEach(e -> err.println(file + ": " + e));
        err.println(file + ": " + r.errors().size() + " bad line(s), nothing imported");
        err.flush();
        return USAGE;
      }
      try {
        send(r.entries());
      } catch (KafkaException e) {
        err.println(
            spec.qualifiedName()
                + ": nothing imported, Kafka at "
                + source.bootstrap
                + " failed: "
                + e.getMessage());
        err.flush();
        return UNAVAILABLE;
      }
      out.printf("%s: %d entries imported to %s%n", file, r.entries().size(), source.entriesTopic);
      out.flush();
      return 0;
    }

    /** All entries in one transaction: a reader sees the whole file or none of it. */
    private void send(List<ReportEntry> entries) {
      Properties p = source.client();
      p.put(
          ProducerConfig.TRANSACTIONAL_ID_CONFIG, "meterwatch-report-import-" + UUID.randomUUID());
      p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(source.timeoutSeconds * 1000L));
      p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
        producer.initTransactions();
        producer.beginTransaction();
        for (ReportEntry e : entries) {
          producer.send(
              new ProducerRecord<>(
                  source.entriesTopic,
                  e.creditCode() + "|" + e.criterion().label(),
                  ReportJson.entryBytes(e)));
        }
        producer.commitTransaction();
      }
    }
  }
}
