package io.meterwatch.app;

import io.meterwatch.app.demo.DemoStack;
import io.meterwatch.app.demo.PacedSink;
import io.meterwatch.app.demo.PipelineWatch;
import io.meterwatch.connectors.bridge.BridgeMetrics;
import io.meterwatch.core.cases.CaseEvent;
import io.meterwatch.core.cases.CaseRecord;
import io.meterwatch.core.cases.Evidence;
import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.registry.County;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.time.DurationText;
import io.meterwatch.core.time.LocalCalendar;
import io.meterwatch.jobs.cases.CasePipeline;
import io.meterwatch.simulator.Simulation;
import io.meterwatch.simulator.VirtualClock;
import io.meterwatch.simulator.publish.MqttPublisher;
import io.meterwatch.simulator.publish.PayloadFormat;
import io.meterwatch.simulator.scenario.Scenario;
import io.meterwatch.simulator.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meterwatch demo}: the whole pipeline on embedded services in one command. Starts the
 * {@link DemoStack} (MQTT, Kafka, influxd, bridge, monitoring job with the case manager), plays the
 * simulator's scenario for the demo city into it at accelerated time, prints one line per case
 * event and a status line, prints the console's address with one login per role; when the scenario
 * is played it prints a summary and keeps every part (and so the console) up until Ctrl-C, then
 * stops everything ({@code --exit}: at once).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run the whole pipeline on embedded services with the simulated demo city.")
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--duration", description = "simulated time to play (default 2d), e.g. 6h, 3d")
  String duration = "2d";

  @Option(
      names = "--speed",
      description = "simulated seconds per wall-clock second (default 3600: one hour a second)")
  double speed = 3600;

  @Option(
      names = "--scenario",
      description = "scenario YAML, or 'default' / 'clean' for the shipped ones (default: default)")
  String scenario = "default";

  @Option(names = "--registry", description = "site registry YAML (default: the demo city)")
  Path registry;

  @Option(
      names = "--data-dir",
      description = "keep Kafka, MQTT, InfluxDB data and the job's state here (resumed on restart)")
  Path dataDir;

  @Option(names = "--format", description = "hj212 or json payloads (default hj212)")
  String format = "hj212";

  @Option(names = "--influx-url", description = "use this InfluxDB instead of a local influxd")
  String influxUrl;

  @Option(names = "--seed", description = "simulator seed (default 1)")
  long seed = 1;

  @Option(names = "--lang", description = "names in 'zh', 'en' or 'both' (default both)")
  String lang = "both";

  @Option(
      names = "--console-port",
      description =
          "port of the console on 127.0.0.1 (default 8080; a free one when taken; 0 = any free)")
  int consolePort = 8080;

  @Option(
      names = "--exit",
      description =
          "stop every part once the scenario is played, instead of keeping the console up until"
              + " Ctrl-C")
  boolean exitWhenPlayed;

  /** How far the simulator may run ahead of the bridge (messages); see {@link PacedSink}. */
  private static final long MAX_AHEAD = 2_000;

  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  private final PrintStream out = System.out;
  private final AtomicReference<Instant> simulatedTime = new AtomicReference<>();
  private final AtomicBoolean firstCase = new AtomicBoolean();
  private long lastForwarded;
  private volatile long sent;
  private volatile long simErrors;
  private long lastStatusNanos = System.nanoTime();

  @Override
  public Integer call() throws Exception {
    if (consolePort < 0 || consolePort > 65535) {
      System.err.println("meterwatch demo: --console-port " + consolePort + ": must be 0..65535");
      return 2;
    }
    LocalCalendar calendar = LocalCalendar.defaultCalendar();
    SiteRegistry reg =
        registry == null ? RegistryLoader.loadDefault() : RegistryLoader.load(registry);
    Scenario sc =
        switch (scenario) {
          case "default" -> ScenarioLoader.loadDefault();
          case "clean" -> ScenarioLoader.loadClean();
          default -> ScenarioLoader.load(Path.of(scenario));
        };
    PayloadFormat payloads = PayloadFormat.fromName(format);
    long started = System.nanoTime();
    out.println("meterwatch demo: starting the pipeline");
    DemoStack.Settings settings =
        DemoStack.Settings.demo(reg, registry, dataDir, influxUrl, consolePort);
    DemoStack stack = DemoStack.start(settings, out);
    printConsole(stack);
    PipelineWatch watch =
        new PipelineWatch(
                stack.kafkaBootstrap(),
                CasePipeline.ALERTS_TOPIC,
                CasePipeline.CASES_TOPIC,
                DemoStack.DLQ_TOPIC,
                e -> {
                  out.println(caseLine(e, reg, calendar.zone()));
                  if (firstCase.compareAndSet(false, true)) {
                    out.printf(
                        Locale.ROOT,
                        "(first case event %.1f s after the demo started)%n",
                        (System.nanoTime() - started) / 1e9);
                  }
                })
            .start();
    AtomicBoolean summarized = new AtomicBoolean();
    AtomicBoolean finished = new AtomicBoolean();
    // Ctrl-C / SIGTERM: stop every part cleanly and still print the summary (once).
    Thread onSignal =
        new Thread(
            () -> {
              if (finished.compareAndSet(false, true)) {
                out.println("\nmeterwatch demo: interrupted, stopping every part...");
                finish(stack, watch, reg, summarized);
              }
            },
            "meterwatch-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(onSignal);
    try {
      out.printf(
          Locale.ROOT,
          "pipeline up in %.1f s; playing scenario '%s' for %s at %.0fx (Ctrl-C stops)%n",
          (System.nanoTime() - started) / 1e9,
          sc.name(),
          duration,
          speed);
      try (PacedSink publisher =
          new PacedSink(
              MqttPublisher.builder().url(stack.mqttUrl()).qos(1).build(),
              stack.bridge().metrics(),
              MAX_AHEAD)) {
        Simulation sim =
            Simulation.builder()
                .registry(reg)
                .scenario(sc)
                .seed(seed)
                .format(payloads)
                .sink(publisher)
                .clock(VirtualClock.atSpeed(speed))
                .duration(DurationText.parse(duration))
                .progress(
                    p -> {
                      simulatedTime.set(p.simulatedTime());
                      sent = p.sent();
                      simErrors = p.errors();
                      if (!p.done()) {
                        out.println(statusLine(stack, watch, calendar));
                      }
                    },
                    Duration.ofSeconds(5))
                .build();
        Simulation.Result result = sim.run();
        sent = result.sent();
        simErrors = result.errors();
        // Let the bridge take what the broker holds, as long as it makes progress.
        long seen = -1;
        while (publisher.behind() > 0 && stack.bridge().metrics().received() != seen) {
          seen = stack.bridge().metrics().received();
          Thread.sleep(2000);
        }
      }
      // Let the job drain: the last case events commit with a checkpoint.
      long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
      while (System.nanoTime() < deadline
          && (stack.bridge().metrics().inFlight() > 0
              || watch.sinceLastEvent().compareTo(Duration.ofSeconds(12)) < 0)) {
        Thread.sleep(1000);
      }
      out.println(statusLine(stack, watch, calendar));
      if (!exitWhenPlayed && stack.consoleFailure() == null) {
        if (summarized.compareAndSet(false, true)) {
          printSummary(stack, watch, reg);
        }
        out.println(
            "scenario played; the console stays up at "
                + stack.console().url()
                + " with every part running: Ctrl-C stops them");
        // Ctrl-C runs onSignal, which stops every part; the JVM then ends this wait. A console
        // that stops reading the cases ends the demo (status 1) rather than show a frozen picture.
        while (stack.consoleFailure() == null) {
          Thread.sleep(1000);
        }
      }
    } finally {
      if (finished.compareAndSet(false, true)) {
        finish(stack, watch, reg, summarized);
        Runtime.getRuntime().removeShutdownHook(onSignal);
      }
    }
    return watch.failure() == null && stack.consoleFailure() == null ? 0 : 1;
  }

  /** The console's address and the logins made for this run. */
  private void printConsole(DemoStack stack) {
    out.println("console: " + stack.console().url() + " (logins made for this run, shown once)");
    for (DemoStack.DemoLogin l : stack.consoleLogins()) {
      String sees =
          switch (l.role().kind()) {
            case BUREAU -> "every county, acts";
            case COUNTY -> "county " + l.role().county() + " only, acts";
            case VIEWER -> "every county, read-only";
          };
      out.printf(
          Locale.ROOT,
          "  %-8s password %s  role %-14s (%s)%n",
          l.name(),
          l.password(),
          l.role(),
          sees);
    }
  }

  /** Prints the summary unless printed already, then stops the watch and every part. */
  private void finish(
      DemoStack stack, PipelineWatch watch, SiteRegistry reg, AtomicBoolean summarized) {
    try {
      if (summarized.compareAndSet(false, true)) {
        printSummary(stack, watch, reg);
      }
    } finally {
      try {
        watch.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      stack.close();
      out.println("meterwatch demo: every part stopped.");
    }
  }

  private String statusLine(DemoStack stack, PipelineWatch watch, LocalCalendar calendar) {
    BridgeMetrics m = stack.bridge().metrics();
    Instant sim = simulatedTime.get();
    long open =
        watch.cases().stream()
            .filter(c -> c.status() != io.meterwatch.core.cases.CaseStatus.CLOSED)
            .count();
    long dlq = watch.rejectedByReason().values().stream().mapToLong(Long::longValue).sum();
    long now = System.nanoTime();
    long forwarded = m.forwarded();
    double rate = (forwarded - lastForwarded) / Math.max(1e-9, (now - lastStatusNanos) / 1e9);
    lastForwarded = forwarded;
    lastStatusNanos = now;
    return String.format(
        Locale.ROOT,
        "[status] sim %s | readings %d (%.0f/s) | open cases %d | DLQ %d | job %s",
        sim == null ? "-" : MINUTE.format(calendar.local(sim)),
        forwarded,
        rate,
        open,
        dlq,
        stack.jobStatus());
  }

  String caseLine(CaseEvent e, SiteRegistry reg, ZoneId zone) {
    County county = reg.counties().get(e.county());
    String countyName = county == null ? e.county() : names(county.nameZh(), county.nameEn());
    String enterprise =
        reg.enterprise(e.enterprise())
            .map(x -> names(x.name(), x.nameEn()))
            .orElse(e.enterpriseName() == null ? e.enterprise() : e.enterpriseName());
    Evidence ev = e.evidence();
    String figures = ev == null ? "" : " " + e.parametersText() + " " + ev.figures();
    return String.format(
        Locale.ROOT,
        "%s  %-9s %-10s %s | %s | %s | %s%s | %s",
        MINUTE.format(e.eventTime().atZone(zone)),
        e.type(),
        e.severity(),
        e.caseId(),
        countyName,
        enterprise,
        e.rule(),
        figures,
        e.status());
  }

  private String names(String zh, String en) {
    return switch (lang) {
      case "zh" -> zh;
      case "en" -> en == null ? zh : en;
      default -> en == null ? zh : zh + " " + en;
    };
  }

  private void printSummary(DemoStack stack, PipelineWatch watch, SiteRegistry reg) {
    BridgeMetrics m = stack.bridge().metrics();
    out.println();
    out.println("== meterwatch demo summary ==");
    out.printf(
        Locale.ROOT,
        "simulator: %d messages sent (%d errors); bridge: %d received, %d readings forwarded, %d"
            + " rejected%n",
        sent,
        simErrors,
        m.received(),
        m.forwarded(),
        m.rejected());
    var cases = watch.cases();
    out.printf("cases: %d%n", cases.size());
    out.println("  by rule:   " + countBy(cases, c -> c.key().rule()));
    out.println(
        "  by county: "
            + countBy(
                cases,
                c -> {
                  County k = reg.counties().get(c.county());
                  return k == null ? c.county() : names(k.nameZh(), k.nameEn());
                }));
    Map<ReasonCode, Long> rejected = watch.rejectedByReason();
    out.println("rejected messages by reason (DLQ): " + (rejected.isEmpty() ? "none" : rejected));
    out.println("where the data lives:");
    stack.topics().forEach((t, what) -> out.printf("  Kafka %-20s %s%n", t, what));
    out.printf(
        "  Kafka bootstrap %s (stopped now; --data-dir keeps the data)%n", stack.kafkaBootstrap());
    out.printf(
        "  InfluxDB %s database %s, measurements hourly_value, rule_event, case_event%n",
        stack.influxUrl(), DemoStack.INFLUX_DATABASE);
    out.printf(
        "  sample query: influx -host 127.0.0.1 -port %s -database %s -execute \"SELECT count(*)"
            + " FROM case_event GROUP BY rule\"%n",
        stack.influxUrl().replaceAll(".*:(\\d+).*", "$1"), DemoStack.INFLUX_DATABASE);
    writeReports(stack);
    if (watch.failure() != null) {
      out.println("the alert watch failed: " + watch.failure());
    }
  }

  /**
   * Writes the plan's reports of this run (the simulated year) with {@code meterwatch report} while
   * the demo's Kafka still runs, and says where they are and how to make them again.
   */
  private void writeReports(DemoStack stack) {
    Instant sim = simulatedTime.get();
    if (sim == null) {
      return;
    }
    LocalDate day = LocalDate.ofInstant(sim, LocalCalendar.defaultCalendar().zone());
    String year = Integer.toString(day.getYear());
    try {
      Path dir =
          (dataDir != null ? dataDir : Files.createTempDirectory("meterwatch-demo-"))
              .resolve("reports");
      Files.createDirectories(dir);
      List<String> common = new ArrayList<>(List.of("--kafka", stack.kafkaBootstrap()));
      if (registry != null) {
        common.addAll(List.of("--registry", registry.toString()));
      }
      out.println("reports of this run (meterwatch report, docs/reports.md): " + dir);
      List<List<String>> reports =
          List.of(
              List.of("disclosure", "--kind", "exceeding", "--period", year, "--format", "html"),
              List.of("disclosure", "--kind", "exceeding", "--period", year, "--format", "csv"),
              List.of("statistics", "--year", year, "--as-of", day.toString(), "--format", "xlsx"),
              List.of("rectification", "--as-of", day.toString(), "--format", "html"));
      String[] files = {
        "exceeding-" + year + ".html",
        "exceeding-" + year + ".csv",
        "statistics-" + year + ".xlsx",
        "rectification-" + day + ".html"
      };
      for (int i = 0; i < files.length; i++) {
        List<String> args = new ArrayList<>(List.of("report"));
        args.addAll(reports.get(i));
        args.addAll(common);
        args.addAll(List.of("--out", dir.resolve(files[i]).toString()));
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Meterwatch());
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args.toArray(String[]::new));
        String said = err.toString().strip();
        if (code == 0) {
          // "meterwatch report ...: TITLE, PERIOD, N rows -> FILE": keep what was written
          int from = said.indexOf(": ");
          int to = said.lastIndexOf(" -> ");
          said = from >= 0 && to > from ? said.substring(from + 2, to) : said;
          out.println("  " + files[i] + ": " + said);
        } else {
          out.println("  " + files[i] + " not written: " + said);
        }
      }
      out.printf(
          "  again, while Kafka runs: ./meterwatch report disclosure --kind exceeding --period %s"
              + " --kafka %s%n",
          year, stack.kafkaBootstrap());
    } catch (IOException | RuntimeException e) {
      out.println("reports of this run not written: " + e);
    }
  }

  private static String countBy(java.util.List<CaseRecord> cases, Function<CaseRecord, String> by) {
    Map<String, Long> m =
        cases.stream().collect(Collectors.groupingBy(by, TreeMap::new, Collectors.counting()));
    return m.isEmpty() ? "none" : m.toString();
  }
}
