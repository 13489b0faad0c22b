package io.meterwatch.simulator.device;

import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.model.ReadingKind;
import io.meterwatch.core.model.Sample;
import io.meterwatch.core.registry.Enterprise;
import io.meterwatch.simulator.fault.Fault;
import io.meterwatch.simulator.scenario.FaultKind;
import io.meterwatch.simulator.signal.DeviceRandom;
import io.meterwatch.simulator.signal.LoadProfile;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cumulative energy meter (electricity kWh, coal t, natural gas m3, water t, ...) or production
 * meter (t of product). Every counter interval it uploads its register (CN 2011, {@code code-Rtd} =
 * the running total), and every hour what it counted in the hour (CN 2061, {@code code-Cou}). Use
 * follows the enterprise's load; an energy-quota breach multiplies energy use.
 */
public final class CounterDevice implements Device {
  private final Enterprise enterprise;
  private final String mn;
  private final String password;
  private final String code;
  private final double unitsPerHourAtFullLoad;
  private final boolean energy;
  private final DeviceContext ctx;
  private final LoadProfile load;
  private final List<Fault> faults;
  private final EnergyLedger ledger;
  private final DeviceRandom random;
  private double register;
  private Double lastShown;
  private String month;
  private Instant monthEnd;

  /**
   * @param code the carrier's or product's parameter code
   * @param unitsPerHourAtFullLoad what it counts in an hour at full load
   * @param energy whether it counts energy (an energy-quota breach raises it) or product
   * @param faults faults on this meter and the enterprise-wide ones
   */
  public CounterDevice(
      Enterprise enterprise,
      String mn,
      String password,
      String code,
      double unitsPerHourAtFullLoad,
      boolean energy,
      DeviceContext ctx,
      LoadProfile load,
      List<Fault> faults,
      EnergyLedger ledger) {
    this.enterprise = enterprise;
    this.mn = mn;
    this.password = password;
    this.code = code;
    this.unitsPerHourAtFullLoad = unitsPerHourAtFullLoad;
    this.energy = energy;
    this.ctx = ctx;
    this.load = load;
    this.faults = List.copyOf(faults);
    this.ledger = ledger;
    this.random = new DeviceRandom(ctx.seed(), mn);
    this.register = Rounding.round(10_000 + 90_000 * DeviceRandom.stableUnit(mn + "/register"), 3);
  }

  @Override
  public String mn() {
    return mn;
  }

  @Override
  public String enterprise() {
    return enterprise.creditCode();
  }

  @Override
  public String subject() {
    return mn;
  }

  @Override
  public String password() {
    return password;
  }

  @Override
  public List<Reading> step(Instant t, boolean last) {
    List<Reading> out = new ArrayList<>(2);
    DataFlag flag = DataFlag.N;
    boolean flat = false;
    for (Fault f : faults) {
      if (f.activeAt(t) && f.kind() == FaultKind.FLAGS) {
        flag = f.flag();
      }
      if (f.activeAt(t) && f.kind() == FaultKind.FLATLINE) {
        flat = true;
      }
    }
    if (last) {
      return out;
    }
    if (isCounterTick(t)) {
      // a stuck register keeps showing the last value it reported
      double shown = flat && lastShown != null ? lastShown : Rounding.round(register, 3);
      lastShown = shown;
      out.add(reading(t, ReadingKind.REAL_TIME, Sample.RTD, shown, flag));
    }
    // count the tick that starts now: use over [t, t + realTime)
    double hours = ctx.intervals().realTime().toMillis() / 3_600_000.0;
    double x = random.gaussian();
    double factor = 1;
    for (Fault f : faults) {
      if (energy && f.activeAt(t) && f.kind() == FaultKind.ENERGY_QUOTA_BREACH) {
        factor = f.factor();
      }
    }
    double inc = unitsPerHourAtFullLoad * load.load(t) * hours * (1 + 0.02 * x) * factor;
    register += inc;
    if (monthEnd == null || !t.isBefore(monthEnd)) {
      LocalDateTime local = ctx.calendar().local(t);
      month = String.format("%04d-%02d", local.getYear(), local.getMonthValue());
      monthEnd = ctx.calendar().nextMonthStart(t);
    }
    ledger.add(enterprise.creditCode(), month, code, inc);
    return out;
  }

  private boolean isCounterTick(Instant t) {
    // counter intervals divide the hour (checked by Scenario.Intervals) or are whole hours
    long period = ctx.intervals().counter().toSeconds();
    return t.getNano() == 0
        && (period <= 3600
            ? ctx.secondOfHour(t) % period == 0
            : ctx.calendar().local(t).toLocalTime().toSecondOfDay() % period == 0);
  }

  private Reading reading(
      Instant dataTime, ReadingKind kind, String suffix, double value, DataFlag flag) {
    Map<String, Double> v = new LinkedHashMap<>();
    v.put(suffix, value);
    Map<String, Sample> s = new LinkedHashMap<>();
    s.put(code, Sample.of(code, v, flag));
    return new Reading(mn, dataTime, kind, s, null, null, null, ctx.format());
  }
}
