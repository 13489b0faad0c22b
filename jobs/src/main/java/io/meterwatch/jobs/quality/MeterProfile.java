package io.meterwatch.jobs.quality;

import io.meterwatch.core.cases.Rule;
import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.model.Quantity;
import io.meterwatch.core.quality.DetectorConfig;
import io.meterwatch.core.quality.ZeroDrop;
import io.meterwatch.core.registry.MeterRef;
import io.meterwatch.core.registry.Outlet;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.standards.Medium;
import io.meterwatch.core.time.LocalCalendar;
import io.meterwatch.jobs.source.ParameterSlots;
import java.time.Instant;
import java.time.LocalDate;

/**
 * What the reading detectors know of one meter that does not change from one reading to the next:
 * its registry entry, its settings (outlet overrides applied), which detectors run, and per
 * parameter slot the thresholds looked up by code; the D6 near-zero levels follow the limits in
 * force on the local day of the reading and are looked up again when the day changes.
 *
 * <p>Resolved from the registry shipped with the job on a meter's first reading and kept by the
 * task, not in Flink state (it is derived data, rebuilt after a restore). Looking these up per
 * reading (a registry lookup, the detector switches, settings maps by code, limit versions by date)
 * cost more than the detectors' own arithmetic.
 */
final class MeterProfile {
  /** Whether D4/D6/D7 look at a slot: concentrations, O2 and flow (the same for every meter). */
  private static final boolean[] SIGNAL = new boolean[ParameterSlots.size()];

  static {
    for (int slot = 0; slot < SIGNAL.length; slot++) {
      Quantity q = ParameterSlots.parameter(slot).quantity();
      SIGNAL[slot] = q == Quantity.CONCENTRATION || q == Quantity.OXYGEN || q == Quantity.FLOW;
    }
  }

  final MeterRef ref;
  final DetectorConfig config;

  /** Which of the reading detectors run for this meter. */
  final boolean d1;

  final boolean d4;
  final boolean d5;
  final boolean d6;
  final boolean d7;
  final boolean d9;

  /** The outlet the meter measures, {@code null} for energy and production meters. */
  final Outlet outlet;

  /** The slot of the outlet's flow (flue gas or wastewater), of O2; -1 without an outlet. */
  final int flowSlot;

  final int o2Slot;
  final boolean flueGas;

  /** The analyser's range by slot ({@code null}: not known). */
  final Double[] analyserRange;

  /** D4's absolute tolerance by slot. */
  final double[] flatAbsolute;

  private final double[] zeroLevel;
  private long dayStart = Long.MAX_VALUE;
  private long dayEnd = Long.MIN_VALUE;

  private MeterProfile(MeterRef ref, DetectorConfig c) {
    this.ref = ref;
    this.config = c;
    this.d1 = c.on(Rule.D1);
    this.d4 = c.on(Rule.D4);
    this.d5 = c.on(Rule.D5);
    this.d6 = c.on(Rule.D6);
    this.d7 = c.on(Rule.D7);
    this.d9 = c.on(Rule.D9);
    this.outlet = ref.outlet();
    this.flueGas = outlet != null && outlet.medium() == Medium.FLUE_GAS;
    this.flowSlot =
        outlet == null
            ? -1
            : ParameterSlots.slot(
                outlet.medium() == Medium.WASTEWATER
                    ? ParameterCatalogue.WATER_FLOW
                    : ParameterCatalogue.GAS_FLOW);
    this.o2Slot = outlet == null ? -1 : ParameterSlots.slot(ParameterCatalogue.O2);
    int n = ParameterSlots.size();
    this.analyserRange = new Double[n];
    this.flatAbsolute = new double[n];
    this.zeroLevel = new double[n];
    for (int slot = 0; slot < n; slot++) {
      String code = ParameterSlots.parameter(slot).code();
      analyserRange[slot] = c.analyserRange(code);
      flatAbsolute[slot] = c.flatAbsoluteTolerance(code);
    }
  }

  /** The profile of a registered meter. */
  static MeterProfile of(MeterRef ref, String mn, OutletSettings settings) {
    return new MeterProfile(ref, settings.forMeter(ref, mn));
  }

  /** Whether D4/D6/D7 look at a slot: concentrations, O2 and flow. */
  static boolean signal(int slot) {
    return SIGNAL[slot];
  }

  /** Whether any of D4, D6, D7 runs (they share the reading's flow). */
  boolean signals() {
    return d4 || d6 || d7;
  }

  /**
   * D6's near-zero level for a slot at data time {@code t}: a share of the limit in force on that
   * local day, or the parameter's zero level without a limit ({@link ZeroDrop#level}).
   */
  double zeroLevel(int slot, long t, SiteRegistry registry, LocalCalendar calendar) {
    if (t < dayStart || t >= dayEnd) {
      Instant at = Instant.ofEpochMilli(t);
      LocalDate day = calendar.local(at).toLocalDate();
      dayStart = calendar.dayStart(at).toEpochMilli();
      dayEnd = calendar.nextDayStart(at).toEpochMilli();
      for (int s = 0; s < zeroLevel.length; s++) {
        if (ParameterSlots.parameter(s).quantity() == Quantity.CONCENTRATION) {
          String code = ParameterSlots.parameter(s).code();
          zeroLevel[s] =
              ZeroDrop.level(registry.limitOn(outlet, code, day).orElse(null), code, config);
        }
      }
    }
    return zeroLevel[slot];
  }
}
