package io.meterwatch.simulator.signal;

import io.meterwatch.core.time.LocalCalendar;
import java.time.Instant;
import java.time.LocalDateTime;

/**
 * The production cycle of an enterprise as a load factor in (0, 1]: how hard its kilns, boilers and
 * lines run at an instant. Emissions, O2, flow, energy use and output all follow it.
 *
 * <p>Continuous plants (cement, power, non-ferrous smelting) run around the clock with a mild daily
 * swing (peak in the afternoon) and a slow multi-day drift. Two-shift plants start up at 06:00
 * (one-hour ramp from 45 % to 95 %), run steady through the day and shut down at 22:00 (one hour
 * ramp back to 45 %, the night-time holding load). The holding load is kept above zero on purpose:
 * a source that stops sends flag F and every stopped hour would count against data completeness,
 * which the clean baseline must not do.
 */
public final class LoadProfile {
  /** Night-time holding load of a two-shift plant. */
  static final double HOLDING_LOAD = 0.45;

  private final boolean continuous;
  private final double phase;
  private final LocalCalendar calendar;

  private LoadProfile(boolean continuous, double phase, LocalCalendar calendar) {
    this.continuous = continuous;
    this.phase = phase;
    this.calendar = calendar;
  }

  /**
   * The profile of an enterprise: continuous for cement, power and smelting industries, two-shift
   * otherwise; the phase of its slow drift comes from its credit code.
   */
  public static LoadProfile forEnterprise(
      String creditCode, String industry, LocalCalendar calendar) {
    String i = industry == null ? "" : industry.toLowerCase(java.util.Locale.ROOT);
    boolean continuous =
        i.contains("cement")
            || i.contains("power")
            || i.contains("non-ferrous")
            || i.contains("smelt")
            || i.contains("steel");
    return new LoadProfile(continuous, DeviceRandom.stableUnit(creditCode) * 2 * Math.PI, calendar);
  }

  /** Whether this is a continuous (around-the-clock) plant. */
  public boolean continuous() {
    return continuous;
  }

  private Instant lastT;
  private double lastLoad;

  /** The load factor at an instant (the devices of an enterprise ask for the same tick in turn). */
  public double load(Instant t) {
    if (t.equals(lastT)) {
      return lastLoad;
    }
    lastLoad = compute(t);
    lastT = t;
    return lastLoad;
  }

  private double compute(Instant t) {
    LocalDateTime l = calendar.local(t);
    double hour = l.getHour() + l.getMinute() / 60.0 + l.getSecond() / 3600.0;
    double days = t.getEpochSecond() / 86_400.0;
    double drift = 0.03 * Math.sin(2 * Math.PI * days / 3.7 + phase);
    if (continuous) {
      // peak at 15:00, trough at 03:00
      return 0.88 + 0.08 * Math.sin(2 * Math.PI * (hour - 9) / 24) + drift;
    }
    double shift;
    if (hour < 6 || hour >= 23) { // night: holding load
      shift = HOLDING_LOAD;
    } else if (hour < 7) {
      shift = HOLDING_LOAD + (0.95 - HOLDING_LOAD) * (hour - 6); // start-up ramp
    } else if (hour < 22) {
      shift = 0.95; // steady
    } else {
      shift = 0.95 - (0.95 - HOLDING_LOAD) * (hour - 22); // shut-down ramp
    }
    return shift + drift;
  }
}
