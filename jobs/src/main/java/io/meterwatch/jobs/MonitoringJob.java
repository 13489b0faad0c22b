package io.meterwatch.jobs;

import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.input.DeadLetter;
import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.json.ReadingJson;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.rules.DailyValue;
import io.meterwatch.core.rules.HourlyValue;
import io.meterwatch.jobs.quality.DataQualityDetectors;
import io.meterwatch.jobs.registry.RegistryGate;
import io.meterwatch.jobs.registry.RegistryGateOperator;
import io.meterwatch.jobs.rules.AnnualLoadRule;
import io.meterwatch.jobs.rules.DailyExceedanceRule;
import io.meterwatch.jobs.rules.EmissionJudge;
import io.meterwatch.jobs.rules.HourlyExceedanceRule;
import io.meterwatch.jobs.rules.MonthlyEnergyQuotaRule;
import io.meterwatch.jobs.source.CompactReading;
import io.meterwatch.jobs.source.ConsumedReading;
import io.meterwatch.jobs.source.MeterQuorumWatermarks;
import io.meterwatch.jobs.source.ReadingRouter;
import io.meterwatch.jobs.windows.DailyValidityFunction;
import io.meterwatch.jobs.windows.HourlyValidityFunction;
import io.meterwatch.jobs.windows.PeriodClock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The monitoring job: readings in, rule events, hourly values and dead letters out (docs/rules.md).
 *
 * <pre>
 * source (decode, watermarks per partition)
 *   └ ReadingRouter ─┬─ keyBy(MN) ─ HourlyValidityFunction ─┬─ HourlyExceedanceRule (E1) ─────────┐
 *                    │    └ ReadingDetectorsFunction (D1 D4 D5 D6 D7 D9, same keyBy) ───────────┤
 *                    │                                      ├─ DailyValidityFunction ─ E2 ─────────┤
 *                    │                                      ├─ keyBy(enterprise, pollutant) ─ L1 ──┤ rule events
 *                    │                                      └─ hourly values                       │
 *                    ├─ energy ─ keyBy(enterprise) ─ MonthlyEnergyQuotaRule (Q1) ─────────────────┘
 *                    └─ dead letters (undecodable, unknown MN, LATE)
 * </pre>
 *
 * The source and sinks are arguments, so tests run the job on bounded inputs and the command line
 * ({@link MonitoringJobMain}) on Kafka and InfluxDB. {@link #build} wires the streams without sinks
 * for callers that attach more (the case manager, the detectors). It enables object reuse:
 * operators attached to its streams must not modify their inputs.
 */
public final class MonitoringJob {
  private final Source<ConsumedReading, ?, ?> source;
  private final Source<byte[], ?, ?> registrySource;
  private final SiteRegistry registry;
  private final MonitoringSettings settings;
  private final Sink<RuleEvent> ruleEventSink;
  private final Sink<HourlyValue> hourlyValueSink;
  private final Sink<DeadLetter> deadLetterSink;

  /**
   * The streams of the job, for callers that attach more operators or sinks.
   *
   * @param registryChannel the {@link io.meterwatch.core.registry.RegistryChannel} the job's
   *     operators read the registry version in force from, or {@code null} when the job follows no
   *     registry topic (in a MiniCluster the caller can watch versions arrive in it)
   */
  public record Streams(
      DataStream<RuleEvent> ruleEvents,
      DataStream<HourlyValue> hourlyValues,
      DataStream<DailyValue> dailyValues,
      DataStream<DeadLetter> deadLetters,
      String registryChannel) {}

  /**
   * @param source the readings ({@link MonitoringJobMain#kafkaSource}, or a bounded source in
   *     tests)
   * @param registry the site registry, shipped to the operators with the job
   * @param settings time and rule tunables
   * @param ruleEventSink where rule events go
   * @param hourlyValueSink where hourly values go
   * @param deadLetterSink where undecodable, unknown and late readings go
   */
  public MonitoringJob(
      Source<ConsumedReading, ?, ?> source,
      SiteRegistry registry,
      MonitoringSettings settings,
      Sink<RuleEvent> ruleEventSink,
      Sink<HourlyValue> hourlyValueSink,
      Sink<DeadLetter> deadLetterSink) {
    this(source, null, registry, settings, ruleEventSink, hourlyValueSink, deadLetterSink);
  }

  /**
   * A job that follows published registry versions.
   *
   * @param registrySource the registry topic's record values ({@link
   *     MonitoringJobMain#registrySource}), or {@code null} to judge by {@code registry} alone
   * @param registry the registry in force until the first version arrives
   */
  public MonitoringJob(
      Source<ConsumedReading, ?, ?> source,
      Source<byte[], ?, ?> registrySource,
      SiteRegistry registry,
      MonitoringSettings settings,
      Sink<RuleEvent> ruleEventSink,
      Sink<HourlyValue> hourlyValueSink,
      Sink<DeadLetter> deadLetterSink) {
    this.source = Objects.requireNonNull(source, "source");
    this.registrySource = registrySource;
    this.registry = Objects.requireNonNull(registry, "registry");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.ruleEventSink = Objects.requireNonNull(ruleEventSink, "ruleEventSink");
    this.hourlyValueSink = Objects.requireNonNull(hourlyValueSink, "hourlyValueSink");
    this.deadLetterSink = Objects.requireNonNull(deadLetterSink, "deadLetterSink");
  }

  /** Wires the job into {@code env} with its sinks. */
  public Streams wire(StreamExecutionEnvironment env) {
    Streams s = build(env, source, registrySource, registry, settings);
    s.ruleEvents().sinkTo(ruleEventSink).uid("rule-events-sink").name("rule events");
    s.hourlyValues().sinkTo(hourlyValueSink).uid("hourly-values-sink").name("hourly values");
    s.deadLetters().sinkTo(deadLetterSink).uid("dead-letters-sink").name("dead letters");
    return s;
  }

  /** Runs the job in the environment of the context (a cluster, or a MiniCluster in tests). */
  public JobExecutionResult execute() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    wire(env);
    return env.execute("meterwatch monitoring");
  }

  /** The operators of the job without sinks, judging by {@code registry} alone. */
  public static Streams build(
      StreamExecutionEnvironment env,
      Source<ConsumedReading, ?, ?> source,
      SiteRegistry registry,
      MonitoringSettings settings) {
    return build(env, source, null, registry, settings);
  }

  /**
   * The operators of the job without sinks.
   *
   * @param registrySource published registry versions, or {@code null} for none
   */
  public static Streams build(
      StreamExecutionEnvironment env,
      Source<ConsumedReading, ?, ?> source,
      Source<byte[], ?, ?> registrySource,
      SiteRegistry startRegistry,
      MonitoringSettings settings) {
    // Every operator of the job treats its input as read-only and emits new objects (records, a
    // new CompactReading per decoded record), so chained operators can hand objects on without
    // the deep copy Flink otherwise makes per chained hop (a copy of every decoded record between
    // the source and the router, of every hourly value for each of its five consumers).
    env.getConfig().enableObjectReuse();
    PeriodClock clock = settings.clock();
    WatermarkStrategy<ConsumedReading> watermarks =
        WatermarkStrategy.<ConsumedReading>forGenerator(
                ctx -> new MeterQuorumWatermarks(settings.outOfOrderness()))
            .withTimestampAssigner((c, ts) -> c.eventTime())
            .withIdleness(settings.idleness());
    DataStream<ConsumedReading> readings =
        env.fromSource(source, watermarks, "meter.readings").uid("readings-source");
    SiteRegistry registry = startRegistry;
    String channel = null;
    if (registrySource != null) {
      // Every operator reads the registry through the job's channel, which the gate updates from
      // its broadcast state (docs/registry.md, "Versions while everything runs").
      channel = "meterwatch-job-" + UUID.randomUUID();
      registry = startRegistry.following(channel);
      DataStream<byte[]> versions =
          env.fromSource(registrySource, RegistryGate.NEVER_HOLDS_BACK_TIME, "registry")
              .uid("registry-source")
              .setParallelism(1)
              .broadcast();
      // the gate's own operator: it holds the watermark back behind the readings it holds
      readings =
          readings
              .connect(versions)
              .transform(
                  "registry gate",
                  TypeInformation.of(ConsumedReading.class),
                  new RegistryGateOperator(new RegistryGate(channel, startRegistry.standards())))
              .uid("registry-gate");
    }
    SiteRegistry judgedBy = registry;
    EmissionJudge judge = new EmissionJudge(registry, settings.calendar(), settings.rules());
    SingleOutputStreamOperator<CompactReading> routed =
        readings.process(new ReadingRouter(registry, clock)).uid("route").name("route readings");

    DataStream<CompactReading> energy = routed.getSideOutput(ReadingRouter.ENERGY);
    KeyedStream<CompactReading, String> everyReadingByMeter = null;
    KeyedStream<CompactReading, String> outletReadingsByMeter;
    if (DataQualityDetectors.judgesEveryReading(settings.detectors())) {
      // The windows and the reading detectors are both keyed by meter: one network exchange of
      // every reading serves both (chained behind it, with object reuse the reading is handed on
      // without a copy) instead of serializing and shipping every reading twice.
      SingleOutputStreamOperator<CompactReading> byMeter =
          routed
              .union(energy)
              .keyBy(new ByMeter())
              .map(r -> r, TypeInformation.of(CompactReading.class))
              .uid("readings-by-meter")
              .name("readings by meter");
      everyReadingByMeter = DataStreamUtils.reinterpretAsKeyedStream(byMeter, new ByMeter());
      outletReadingsByMeter =
          DataStreamUtils.reinterpretAsKeyedStream(
              byMeter
                  .filter(r -> judgedBy.meter(r.mn).map(m -> m.outlet() != null).orElse(false))
                  .uid("outlet-readings")
                  .name("outlet readings"),
              new ByMeter());
    } else {
      outletReadingsByMeter = routed.keyBy(new ByMeter());
    }
    SingleOutputStreamOperator<HourlyValue> hourly =
        outletReadingsByMeter
            .process(
                new HourlyValidityFunction(registry, settings.validity(), clock),
                TypeInformation.of(HourlyValue.class))
            .uid("hourly-validity")
            .name("hourly validity");
    DataStream<RuleEvent> e1 =
        hourly
            .process(new HourlyExceedanceRule(judge), TypeInformation.of(RuleEvent.class))
            .uid("e1")
            .name("E1 hourly exceedance");

    SingleOutputStreamOperator<DailyValue> daily =
        DataStreamUtils.reinterpretAsKeyedStream(hourly, new HourlyByMeter())
            .process(
                new DailyValidityFunction(registry, settings.validity(), clock),
                TypeInformation.of(DailyValue.class))
            .uid("daily-validity")
            .name("daily validity");
    DataStream<RuleEvent> e2 =
        daily
            .process(new DailyExceedanceRule(judge, clock), TypeInformation.of(RuleEvent.class))
            .uid("e2")
            .name("E2 daily exceedance");

    DataStream<RuleEvent> l1 =
        hourly
            .filter(v -> AnnualLoadRule.applies(judgedBy, v))
            .uid("l1-filter")
            .name("loads with a quota")
            .keyBy(AnnualLoadRule::key)
            .process(
                new AnnualLoadRule(registry, settings.rules(), clock),
                TypeInformation.of(RuleEvent.class))
            .uid("l1")
            .name("L1 annual load");

    DataStream<RuleEvent> q1 =
        energy
            .keyBy(new ByEnterprise(registry))
            .process(
                new MonthlyEnergyQuotaRule(registry, settings.rules(), clock),
                TypeInformation.of(RuleEvent.class))
            .uid("q1")
            .name("Q1 energy quota");

    DataStream<DeadLetter> deadLetters =
        routed
            .getSideOutput(ReadingRouter.DEAD_LETTERS)
            .union(
                hourly
                    .getSideOutput(HourlyValidityFunction.LATE)
                    .map(new LateDeadLetter(settings), TypeInformation.of(DeadLetter.class))
                    .uid("late-window-dead-letters")
                    .name("late at window"));
    List<DataStream<RuleEvent>> dataQuality =
        DataQualityDetectors.attach(
            everyReadingByMeter,
            energy,
            hourly,
            registry,
            settings.detectors(),
            settings.validity(),
            clock);
    DataStream<RuleEvent> ruleEvents = e1.union(e2, l1, q1);
    for (DataStream<RuleEvent> d : dataQuality) {
      ruleEvents = ruleEvents.union(d);
    }
    return new Streams(ruleEvents, hourly, daily, deadLetters, channel);
  }

  /** Keys readings by meter (shared by the rules and the data-quality detectors). */
  public static final class ByMeter implements KeySelector<CompactReading, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(CompactReading r) {
      return r.mn;
    }
  }

  /** Keys hourly values by meter, as {@link ByMeter} keyed the readings they came from. */
  public static final class HourlyByMeter implements KeySelector<HourlyValue, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(HourlyValue v) {
      return v.mn();
    }
  }

  /** Keys energy and production readings by their enterprise. */
  public static final class ByEnterprise implements KeySelector<CompactReading, String> {
    private static final long serialVersionUID = 1L;
    private final SiteRegistry registry;

    public ByEnterprise(SiteRegistry registry) {
      this.registry = registry;
    }

    @Override
    public String getKey(CompactReading r) {
      // The router only lets readings of registered meters through; a meter removed by a registry
      // version between the router and here keys to no enterprise (its quota rule ignores it).
      return registry.meter(r.mn).map(m -> m.enterprise().creditCode()).orElse("");
    }
  }

  /**
   * A reading that reached its window after the window was cleaned up (the router normally sends
   * such readings to the dead letters itself) as a dead letter, re-encoded as canonical JSON.
   */
  static final class LateDeadLetter implements MapFunction<CompactReading, DeadLetter> {
    private static final long serialVersionUID = 1L;
    private final ReadingJson json;

    LateDeadLetter(MonitoringSettings settings) {
      this.json = new ReadingJson(settings.calendar(), ReadingJson.DEFAULT_MAX_FUTURE_SKEW);
    }

    @Override
    public DeadLetter map(CompactReading r) {
      return new DeadLetter(
          json.write(r.toReading()),
          "meter.readings",
          Instant.ofEpochMilli(r.receiveTime),
          ReasonCode.LATE,
          "reading for an hour already closed for back-fill (re-encoded)");
    }
  }
}
