package io.meterwatch.simulator;

import io.meterwatch.core.registry.EnergyMeter;
import io.meterwatch.core.registry.Enterprise;
import io.meterwatch.core.registry.MeterRef;
import io.meterwatch.core.registry.Outlet;
import io.meterwatch.core.registry.ProductionMeter;
import io.meterwatch.core.registry.RegistryLoader;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.time.LocalCalendar;
import io.meterwatch.simulator.device.CounterDevice;
import io.meterwatch.simulator.device.Device;
import io.meterwatch.simulator.device.DeviceContext;
import io.meterwatch.simulator.device.EnergyLedger;
import io.meterwatch.simulator.device.OutletDevice;
import io.meterwatch.simulator.fault.Fault;
import io.meterwatch.simulator.fault.FaultPlan;
import io.meterwatch.simulator.manifest.DetectorThresholds;
import io.meterwatch.simulator.manifest.Manifest;
import io.meterwatch.simulator.publish.MessageSink;
import io.meterwatch.simulator.publish.PayloadEncoder;
import io.meterwatch.simulator.publish.PayloadFormat;
import io.meterwatch.simulator.scenario.Scenario;
import io.meterwatch.simulator.scenario.ScenarioLoader;
import io.meterwatch.simulator.signal.EnergyPlan;
import io.meterwatch.simulator.signal.LoadProfile;
import io.meterwatch.simulator.truth.Deliveries;
import io.meterwatch.simulator.truth.GroundTruth;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * A simulation run: the registry's meters playing a scenario on a virtual clock into a message
 * sink, producing the ground-truth manifest. The library entry point the {@code meterwatch
 * simulate} command, the demo and the end-to-end tests share:
 *
 * <pre>{@code
 * Simulation.Result r = Simulation.builder()
 *     .scenario(ScenarioLoader.loadDefault())
 *     .sink(publisher)
 *     .clock(VirtualClock.asFastAsPossible())
 *     .build()
 *     .run();
 * r.manifest().write(Path.of("manifest.json"));
 * }</pre>
 *
 * <p>Deterministic: the same registry, scenario, seed, start, duration and format give the same
 * messages in the same order, byte for byte. Payloads carry simulated time only (QN is the device's
 * simulated clock).
 */
public final class Simulation {
  private final SiteRegistry registry;
  private final Scenario scenario;
  private final long seed;
  private final PayloadFormat format;
  private final VirtualClock clock;
  private final MessageSink sink;
  private final String topicPrefix;
  private final LocalCalendar calendar;
  private final Consumer<Progress> progress;
  private final Duration progressEvery;
  private final DetectorThresholds thresholds;
  private final Instant start;
  private final Instant end;

  private Simulation(Builder b) {
    this.registry = b.registry;
    this.scenario = b.scenario;
    this.seed = b.seed;
    this.format = b.format;
    this.clock = b.clock;
    this.sink = b.sink;
    this.topicPrefix = b.topicPrefix;
    this.calendar = b.calendar;
    this.progress = b.progress;
    this.progressEvery = b.progressEvery;
    this.thresholds = b.thresholds;
    this.start = calendar.instant(scenario.start());
    this.end = start.plus(scenario.duration());
  }

  /** A builder: demo city, default scenario, seed 1, HJ 212, as fast as possible. */
  public static Builder builder() {
    return new Builder();
  }

  /** The MQTT topic of a device: {@code prefix/{mn}/data}. */
  public static String topic(String prefix, String mn) {
    return prefix + "/" + mn + "/data";
  }

  /** Where the run stands, reported every {@code progressEvery} of wall time and at the end. */
  public record Progress(
      Instant simulatedTime, long sent, double ratePerSecond, long errors, boolean done) {}

  /**
   * What a run did.
   *
   * @param sent messages handed to the sink
   * @param errors send errors the sink reported
   * @param wallTime how long it took
   * @param manifest the ground truth
   */
  public record Result(long sent, long errors, Duration wallTime, Manifest manifest) {
    /** Messages per wall-clock second. */
    public double ratePerSecond() {
      return sent / Math.max(1e-9, wallTime.toNanos() / 1e9);
    }
  }

  /** Simulated start. */
  public Instant start() {
    return start;
  }

  /** Simulated end. */
  public Instant end() {
    return end;
  }

  /**
   * Runs the scenario to its end.
   *
   * @throws Exception what the sink threw; the run stops there
   */
  public Result run() throws Exception {
    Duration tick = scenario.intervals().realTime();
    if (scenario.duration().toMillis() % tick.toMillis() != 0) {
      throw new IllegalArgumentException(
          "duration must be a whole number of real-time intervals (" + tick + ")");
    }
    FaultPlan plan = FaultPlan.resolve(scenario.faults(), registry, start, end);
    EnergyLedger ledger = new EnergyLedger();
    DeviceContext ctx =
        new DeviceContext(
            registry,
            calendar,
            scenario.intervals(),
            scenario.baseline(),
            seed,
            start,
            format.sourceFormat());
    List<Device> devices = devices(ctx, plan, ledger);
    Deliveries deliveries = new Deliveries(registry, calendar);
    GroundTruth truth =
        new GroundTruth(
            registry,
            calendar,
            start,
            end,
            plan.faults(),
            thresholds,
            tick,
            sink.receivesInSimulatedTime()
                || (!clock.asFastAsPossibleMode() && clock.speed() == 1.0));
    PayloadEncoder encoder = new PayloadEncoder(format, calendar);
    PriorityQueue<Outgoing> queue = new PriorityQueue<>();
    long[] seq = {0};
    List<Link> links = new ArrayList<>(devices.size());
    for (Device d : devices) {
      links.add(
          new Link(
              d,
              plan.forMn(d.mn()),
              encoder,
              calendar,
              mn -> topic(topicPrefix, mn),
              mn -> registry.meter(mn).map(MeterRef::password).orElse(null),
              queue::add,
              deliveries,
              seq));
    }

    long wallStart = System.nanoTime();
    long[] sent = {0};
    long[] nextReport = {wallStart + progressEvery.toNanos()};
    clock.begin(start);
    for (Instant t = start; !t.isAfter(end); t = t.plus(tick)) {
      boolean last = t.equals(end);
      for (int i = 0; i < devices.size(); i++) {
        List<io.meterwatch.core.model.Reading> readings = devices.get(i).step(t, last);
        for (int k = 0; k < readings.size(); k++) {
          links.get(i).transmit(readings.get(k), t, k);
        }
        links.get(i).endTick(t, last);
      }
      release(queue, last ? Instant.MAX : t, sent, wallStart, nextReport);
    }
    sink.flush();
    Duration wall = Duration.ofNanos(System.nanoTime() - wallStart);
    double rate = sent[0] / Math.max(1e-9, wall.toNanos() / 1e9);
    progress.accept(new Progress(end, sent[0], rate, sink.errors(), true));
    Manifest manifest =
        truth.manifest(
            deliveries,
            scenario.name(),
            seed,
            format.name().toLowerCase(java.util.Locale.ROOT),
            sent[0]);
    return new Result(sent[0], sink.errors(), wall, manifest);
  }

  private void release(
      PriorityQueue<Outgoing> queue, Instant upTo, long[] sent, long wallStart, long[] nextReport)
      throws Exception {
    while (!queue.isEmpty() && !queue.peek().sendTime().isAfter(upTo)) {
      Outgoing o = queue.poll();
      clock.awaitSimulated(o.sendTime().isAfter(end) ? end : o.sendTime());
      sink.send(o.topic(), o.payload(), o.sendTime());
      sent[0]++;
      if ((sent[0] & 0xFF) == 0) {
        long now = System.nanoTime();
        if (now >= nextReport[0]) {
          nextReport[0] = now + progressEvery.toNanos();
          double rate = sent[0] / Math.max(1e-9, (now - wallStart) / 1e9);
          progress.accept(new Progress(o.sendTime(), sent[0], rate, sink.errors(), false));
        }
      }
    }
  }

  private List<Device> devices(DeviceContext ctx, FaultPlan plan, EnergyLedger ledger) {
    List<Device> out = new ArrayList<>();
    for (Enterprise e : registry.enterprises()) {
      LoadProfile load = LoadProfile.forEnterprise(e.creditCode(), e.industry(), calendar);
      EnergyPlan energy = EnergyPlan.of(e, registry, scenario.baseline().energyIntensity());
      List<Fault> enterpriseWide = plan.forEnterprise(e.creditCode());
      for (Outlet o : e.outlets()) {
        out.add(new OutletDevice(e, o, ctx, load, plan.forMn(o.mn())));
      }
      for (EnergyMeter m : e.energyMeters()) {
        List<Fault> f = new ArrayList<>(plan.forMn(m.mn()));
        f.addAll(enterpriseWide);
        out.add(
            new CounterDevice(
                e,
                m.mn(),
                m.password(),
                m.carrier(),
                energy.tonnesPerHour() * energy.perTonne(m.mn()),
                true,
                ctx,
                load,
                f,
                ledger));
      }
      for (ProductionMeter m : e.productionMeters()) {
        out.add(
            new CounterDevice(
                e,
                m.mn(),
                m.password(),
                io.meterwatch.core.model.ParameterCatalogue.PRODUCT,
                energy.tonnesPerHour(),
                false,
                ctx,
                load,
                plan.forMn(m.mn()),
                ledger));
      }
    }
    return out;
  }

  /** Builds a {@link Simulation}; defaults in the constructor, checks in {@link #build()}. */
  public static final class Builder {
    private SiteRegistry registry;
    private Scenario scenario;
    private long seed = 1;
    private PayloadFormat format = PayloadFormat.HJ212;
    private VirtualClock clock = VirtualClock.asFastAsPossible();
    private MessageSink sink;
    private String topicPrefix = "meters";
    private LocalCalendar calendar = LocalCalendar.defaultCalendar();
    private Consumer<Progress> progress = p -> {};
    private Duration progressEvery = Duration.ofSeconds(2);
    private DetectorThresholds thresholds = DetectorThresholds.DEFAULTS;
    private LocalDateTime startOverride;
    private Duration durationOverride;

    private Builder() {}

    /** The city (default: the demo city, {@code RegistryLoader.loadDefault()}). */
    public Builder registry(SiteRegistry r) {
      this.registry = r;
      return this;
    }

    /** The scenario (default: the demo city's default scenario). */
    public Builder scenario(Scenario s) {
      this.scenario = s;
      return this;
    }

    /** The seed of every device's random source (default 1). */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /** HJ 212 (default) or JSON payloads. */
    public Builder format(PayloadFormat f) {
      this.format = f;
      return this;
    }

    /** The pace (default: as fast as possible). */
    public Builder clock(VirtualClock c) {
      this.clock = c;
      return this;
    }

    /** Where messages go (required). */
    public Builder sink(MessageSink s) {
      this.sink = s;
      return this;
    }

    /** Topic prefix (default {@code meters}): topics are {@code prefix/{mn}/data}. */
    public Builder topicPrefix(String p) {
      this.topicPrefix = p;
      return this;
    }

    /** The zone of DataTime and local periods (default Asia/Shanghai). */
    public Builder calendar(LocalCalendar c) {
      this.calendar = c;
      return this;
    }

    /** Replaces the scenario's start (local time). */
    public Builder start(LocalDateTime s) {
      this.startOverride = s;
      return this;
    }

    /** Replaces the scenario's duration. */
    public Builder duration(Duration d) {
      this.durationOverride = d;
      return this;
    }

    /** Receives progress reports. */
    public Builder progress(Consumer<Progress> p, Duration every) {
      this.progress = p;
      this.progressEvery = every;
      return this;
    }

    /** The rule thresholds the manifest is derived with (default: docs/rules.md's). */
    public Builder thresholds(DetectorThresholds t) {
      this.thresholds = t;
      return this;
    }

    public Simulation build() {
      if (sink == null) {
        throw new IllegalStateException("a sink is required (an MqttPublisher or a MemorySink)");
      }
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(calendar, "calendar");
      if (topicPrefix == null
          || topicPrefix.isBlank()
          || topicPrefix.contains("+")
          || topicPrefix.contains("#")) {
        throw new IllegalStateException("topic prefix must be a plain topic level: " + topicPrefix);
      }
      if (registry == null) {
        registry = RegistryLoader.loadDefault();
      }
      if (scenario == null) {
        scenario = ScenarioLoader.loadDefault();
      }
      if (startOverride != null) {
        scenario = scenario.withStart(startOverride);
      }
      if (durationOverride != null) {
        if (durationOverride.isNegative() || durationOverride.isZero()) {
          throw new IllegalStateException("duration must be positive: " + durationOverride);
        }
        scenario = scenario.withDuration(durationOverride);
      }
      return new Simulation(this);
    }
  }
}
