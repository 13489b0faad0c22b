package io.meterwatch.simulator.device;

import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.model.ReadingKind;
import io.meterwatch.core.model.Sample;
import io.meterwatch.core.registry.Enterprise;
import io.meterwatch.core.registry.Outlet;
import io.meterwatch.core.standards.Medium;
import io.meterwatch.simulator.device.Channel.Role;
import io.meterwatch.simulator.fault.Fault;
import io.meterwatch.simulator.scenario.FaultKind;
import io.meterwatch.simulator.signal.DeviceRandom;
import io.meterwatch.simulator.signal.LoadProfile;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The online meter of a discharge outlet: a flue-gas CEMS (SO2, NOx, particulate, O2, flow,
 * temperature, pressure, humidity) or a wastewater analyser set (COD, NH3-N, TP, TN, pH, flow).
 *
 * <p>Signal model: the converted (reference-O2) concentration of each pollutant is the baseline
 * fraction of the limit in force, scaled by load (0.9 + 0.2 x load), with relative noise; O2 falls
 * and flow rises with load; the measured concentration is the converted one brought back to the
 * measured O2. Every random draw happens on every tick whatever the faults, so a fault on one
 * device changes nothing else.
 */
public final class OutletDevice implements Device {
  /** Nominal levels for pollutants a standard does not limit (mg/m3, mg/L): not judged. */
  private static final Map<String, Double> NOMINAL =
      Map.of(
          ParameterCatalogue.SO2, 100.0,
          ParameterCatalogue.NOX, 150.0,
          ParameterCatalogue.PM, 20.0,
          ParameterCatalogue.COD, 100.0,
          ParameterCatalogue.NH3N, 15.0,
          ParameterCatalogue.TP, 1.0,
          ParameterCatalogue.TN, 30.0);

  /**
   * O2 of a diluted stack (ambient air is 20.9 %): above the 19 % of detector D7, below the 20 % at
   * which hours are no longer converted, and with measured concentrations still above 5 % of a 10
   * %-reference limit, so that dilution is not also a zero drop (D6).
   */
  private static final double DILUTED_O2 = 19.5;

  private final Enterprise enterprise;
  private final Outlet outlet;
  private final DeviceContext ctx;
  private final LoadProfile load;
  private final List<Fault> faults;
  private final DeviceRandom random;
  private final List<Channel> channels;
  private final PeriodAggregator aggregator;
  private final boolean gas;
  private final Double referenceO2;
  private final double designFlow;
  private final Map<Fault, double[][]> stuck = new HashMap<>();
  private LocalDate limitDay;
  private double[] limits;

  public OutletDevice(
      Enterprise enterprise,
      Outlet outlet,
      DeviceContext ctx,
      LoadProfile load,
      List<Fault> faults) {
    this.enterprise = enterprise;
    this.outlet = outlet;
    this.ctx = ctx;
    this.load = load;
    this.faults = List.copyOf(faults);
    this.random = new DeviceRandom(ctx.seed(), outlet.mn());
    this.gas = outlet.medium() == Medium.FLUE_GAS;
    this.channels = gas ? gasChannels(outlet) : waterChannels();
    this.aggregator = new PeriodAggregator(channels);
    this.referenceO2 = gas ? ctx.registry().referenceO2(outlet).orElse(null) : null;
    this.designFlow = designFlow(outlet, ctx, gas);
  }

  /**
   * The outlet's design flow: from its annual load quota when it has one (the registry sizes quotas
   * at about 70 % of limit x design flow x 7500 operating hours), else a stable value from its MN
   * (20-100 m3/s flue gas, 5-50 L/s wastewater).
   */
  private static double designFlow(Outlet outlet, DeviceContext ctx, boolean gas) {
    LocalDate day = ctx.calendar().local(ctx.start()).toLocalDate();
    for (Map.Entry<String, Double> q :
        new java.util.TreeMap<>(outlet.annualLoadQuotaKg()).entrySet()) {
      Double limit = ctx.registry().limitOn(outlet, q.getKey(), day).orElse(null);
      if (limit != null && limit > 0) {
        // kg = 0.7 x mg/(m3|L) x (m3|L)/s x 3600 s/h x 7500 h / 1e6
        double flow = q.getValue() * 1e6 / (0.7 * limit * 3600 * 7500);
        if (flow > 0.1) {
          return flow;
        }
      }
    }
    double u = DeviceRandom.stableUnit(outlet.mn() + "/flow");
    return gas ? 20 + 80 * u : 5 + 45 * u;
  }

  /**
   * SO2, NOx and particulate, or only those the outlet has load quotas for when it has any (a
   * kiln-head stack with a particulate quota only carries a dust monitor), then O2, flow and the
   * flue-gas conditions.
   */
  private static List<Channel> gasChannels(Outlet outlet) {
    List<Channel> out = new ArrayList<>();
    for (String p :
        List.of(ParameterCatalogue.SO2, ParameterCatalogue.NOX, ParameterCatalogue.PM)) {
      if (outlet.annualLoadQuotaKg().isEmpty() || outlet.annualLoadQuotaKg().containsKey(p)) {
        out.add(new Channel(p, Role.GAS_POLLUTANT, 3));
      }
    }
    out.addAll(gasConditions());
    return List.copyOf(out);
  }

  private static List<Channel> gasConditions() {
    return List.of(
        new Channel(ParameterCatalogue.O2, Role.PLAIN, 2),
        new Channel(ParameterCatalogue.GAS_FLOW, Role.FLOW, 3),
        new Channel(ParameterCatalogue.GAS_TEMPERATURE, Role.PLAIN, 1),
        new Channel(ParameterCatalogue.GAS_PRESSURE, Role.PLAIN, 3),
        new Channel(ParameterCatalogue.GAS_HUMIDITY, Role.PLAIN, 2));
  }

  private static List<Channel> waterChannels() {
    return List.of(
        new Channel(ParameterCatalogue.COD, Role.WATER_POLLUTANT, 3),
        new Channel(ParameterCatalogue.NH3N, Role.WATER_POLLUTANT, 3),
        new Channel(ParameterCatalogue.TP, Role.WATER_POLLUTANT, 4),
        new Channel(ParameterCatalogue.TN, Role.WATER_POLLUTANT, 3),
        new Channel(ParameterCatalogue.PH, Role.PLAIN, 2),
        new Channel(ParameterCatalogue.WATER_FLOW, Role.FLOW, 3));
  }

  @Override
  public String mn() {
    return outlet.mn();
  }

  @Override
  public String enterprise() {
    return enterprise.creditCode();
  }

  @Override
  public String subject() {
    return outlet.id();
  }

  @Override
  public String password() {
    return outlet.password();
  }

  /** The outlet this device measures. */
  public Outlet outlet() {
    return outlet;
  }

  /** The parameters it reports, in the order it sends them. */
  public List<String> parameters() {
    return channels.stream().map(Channel::code).toList();
  }

  @Override
  public List<Reading> step(Instant t, boolean last) {
    List<Reading> out = new ArrayList<>(3);
    if (ctx.closesMinute(t) && !aggregator.minuteEmpty()) {
      out.add(
          reading(t.minus(ctx.intervals().minute()), ReadingKind.MINUTE, aggregator.closeMinute()));
    }
    if (ctx.closesHour(t) && !aggregator.hourEmpty()) {
      out.add(reading(t.minus(Duration.ofHours(1)), ReadingKind.HOUR, aggregator.closeHour()));
    }
    if (!last) {
      PeriodAggregator.Measurement m = measure(t);
      aggregator.add(m);
      out.add(reading(t, ReadingKind.REAL_TIME, realTimeSamples(m)));
    }
    return out;
  }

  private Reading reading(Instant dataTime, ReadingKind kind, Map<String, Sample> samples) {
    return new Reading(
        outlet.mn(), dataTime, kind, samples, null, gas ? "31" : "32", null, ctx.format());
  }

  private Map<String, Sample> realTimeSamples(PeriodAggregator.Measurement m) {
    Map<String, Sample> s = new LinkedHashMap<>();
    for (int c = 0; c < channels.size(); c++) {
      Channel ch = channels.get(c);
      Map<String, Double> v = new LinkedHashMap<>();
      v.put(Sample.RTD, m.rtd()[c]);
      if (!Double.isNaN(m.zs()[c])) {
        v.put(Sample.ZS_RTD, m.zs()[c]);
      }
      s.put(ch.code(), Sample.of(ch.code(), v, m.flags()[c]));
    }
    return s;
  }

  /** The limit (or nominal level) of every channel on the local day of t. */
  private double[] limits(Instant t) {
    LocalDate day = ctx.calendar().local(t).toLocalDate();
    if (!day.equals(limitDay)) {
      limits = new double[channels.size()];
      for (int c = 0; c < channels.size(); c++) {
        String code = channels.get(c).code();
        limits[c] =
            ctx.registry()
                .limitOn(outlet, code, day)
                .orElse(NOMINAL.getOrDefault(code, Double.NaN));
      }
      limitDay = day;
    }
    return limits;
  }

  PeriodAggregator.Measurement measure(Instant t) {
    int n = channels.size();
    double[] noise = new double[n + 1];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = random.gaussian();
    }
    double sigma = ctx.baseline().noise();
    double fraction = ctx.baseline().fraction();
    double l = load.load(t);
    double[] lim = limits(t);
    List<Fault> active = new ArrayList<>(2);
    for (Fault f : faults) {
      if (f.activeAt(t)) {
        active.add(f);
      }
    }
    double dilution = 0;
    for (Fault f : active) {
      if (f.kind() == FaultKind.DILUTION) {
        dilution = 1; // the damper opens at once: the episode starts with the fault
      }
    }

    double[] rtd = new double[n];
    double[] zs = new double[n];
    double[] cou = new double[n];
    DataFlag[] flags = new DataFlag[n];
    Arrays.fill(zs, Double.NaN);
    Arrays.fill(cou, Double.NaN);
    Arrays.fill(flags, DataFlag.N);
    double dt = ctx.intervals().realTime().toMillis() / 1000.0;

    // operating conditions first: concentrations depend on O2 and masses on flow
    double o2Undiluted = 0;
    double o2 = 0;
    double flow = 0;
    for (int c = 0; c < n; c++) {
      Channel ch = channels.get(c);
      double x = noise[c];
      switch (ch.code()) {
        case ParameterCatalogue.O2 -> {
          double base = referenceO2 == null ? 8 : Math.max(3, Math.min(15, referenceO2 - 1.5));
          o2Undiluted = base + 3.5 * (1 - l) + 0.15 * x;
          o2 = o2Undiluted + (DILUTED_O2 + 0.05 * x - o2Undiluted) * dilution;
          rtd[c] = ch.round(o2);
        }
        case ParameterCatalogue.GAS_FLOW, ParameterCatalogue.WATER_FLOW -> {
          double shape = gas ? 0.35 + 0.65 * l : 0.5 + 0.5 * l;
          flow = designFlow * shape * (1 + sigma * x) * (1 + 0.5 * dilution);
          rtd[c] = ch.round(flow);
          cou[c] = gas ? rtd[c] * dt : rtd[c] * dt / 1000;
        }
        case ParameterCatalogue.GAS_TEMPERATURE -> rtd[c] = ch.round(120 + 30 * l + 0.8 * x);
        case ParameterCatalogue.GAS_PRESSURE -> rtd[c] = ch.round(-0.45 + 0.04 * x);
        case ParameterCatalogue.GAS_HUMIDITY -> rtd[c] = ch.round(7 + 2 * l + 0.2 * x);
        case ParameterCatalogue.PH -> rtd[c] = ch.round(7.3 + 0.1 * x);
        default -> {}
      }
    }
    double o2Reported = gas ? rtd[channels.indexOf(channel(ParameterCatalogue.O2))] : 0;
    for (int c = 0; c < n; c++) {
      Channel ch = channels.get(c);
      if (ch.role() != Role.GAS_POLLUTANT && ch.role() != Role.WATER_POLLUTANT) {
        continue;
      }
      double x = noise[c];
      double level = fraction * lim[c] * (0.9 + 0.2 * l) * (1 + sigma * x);
      for (Fault f : active) {
        if (f.kind() == FaultKind.EXCEEDANCE && f.appliesTo(ch.code())) {
          level = f.factor() * lim[c] * (1 + sigma * x);
        }
      }
      double measured = level;
      if (gas && referenceO2 != null) {
        // converted -> measured at the undiluted O2, then diluted by the extra air
        measured = level * (21 - o2Undiluted) / (21 - referenceO2) * (21 - o2) / (21 - o2Undiluted);
      }
      for (Fault f : active) {
        if (f.kind() == FaultKind.ZERO_DROP && f.appliesTo(ch.code())) {
          measured = Math.max(0.01, 0.3 + 0.1 * noise[n]);
        }
      }
      rtd[c] = ch.round(measured);
      double q = flow;
      cou[c] = gas ? rtd[c] * q * dt / 1e6 : rtd[c] * q * dt / 1e6;
      if (gas && referenceO2 != null) {
        zs[c] = ch.round(Zs.convert(rtd[c], o2Reported, referenceO2));
      }
    }

    for (Fault f : active) {
      if (f.kind() == FaultKind.FLATLINE) {
        double[][] frozen = stuck.computeIfAbsent(f, k -> new double[][] {rtd.clone(), zs.clone()});
        for (int c = 0; c < n; c++) {
          if (f.appliesTo(channels.get(c).code())) {
            rtd[c] = frozen[0][c];
            zs[c] = frozen[1][c];
          }
        }
      } else if (f.kind() == FaultKind.FLAGS) {
        for (int c = 0; c < n; c++) {
          if (f.appliesTo(channels.get(c).code())) {
            flags[c] = f.flag();
          }
        }
      }
    }
    return new PeriodAggregator.Measurement(rtd, zs, flags, cou);
  }

  private Channel channel(String code) {
    for (Channel c : channels) {
      if (c.code().equals(code)) {
        return c;
      }
    }
    throw new IllegalStateException("no channel " + code);
  }
}
