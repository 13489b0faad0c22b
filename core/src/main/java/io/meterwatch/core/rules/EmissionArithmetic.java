package io.meterwatch.core.rules;

import io.meterwatch.core.cases.Severity;
import java.util.OptionalDouble;

/**
 * The arithmetic of the emission rules (docs/rules.md): reference-oxygen conversion, exceedance
 * multiple, hourly load.
 */
public final class EmissionArithmetic {

  /** Oxygen content of ambient air in volume %, the pivot of the reference-O2 conversion. */
  public static final double AMBIENT_O2 = 21.0;

  /** Seconds in an hour: hourly loads are mean concentration × mean flow × 3600 s. */
  private static final double SECONDS_PER_HOUR = 3600.0;

  /** mg per kg. */
  private static final double MG_PER_KG = 1_000_000.0;

  private EmissionArithmetic() {}

  /**
   * The concentration at reference oxygen, C × (21 − O2ref) / (21 − O2) (HJ 212-2017 Annex D).
   * Empty when the measured O2 is at or above {@code maxO2} (the factor would blow up near ambient
   * air) or below 0: such hours are reported but not judged.
   */
  public static OptionalDouble atReferenceO2(
      double measured, double measuredO2, double referenceO2, double maxO2) {
    if (measuredO2 < 0 || measuredO2 >= maxO2 || measuredO2 >= AMBIENT_O2) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(measured * (AMBIENT_O2 - referenceO2) / (AMBIENT_O2 - measuredO2));
  }

  /** The exceedance multiple (C − L) / L; negative when the value is below the limit. */
  public static double multiple(double value, double limit) {
    if (!(limit > 0)) {
      throw new IllegalArgumentException("limit must be > 0: " + limit);
    }
    return (value - limit) / limit;
  }

  /** Whether a value exceeds a limit: strictly above it (a value equal to the limit complies). */
  public static boolean exceeds(double value, double limit) {
    return value > limit;
  }

  /** The severity of one judgement: INFO when compliant, SEVERE from the severe multiple on. */
  public static Severity severity(boolean breach, double multiple, RuleConfig config) {
    if (!breach) {
      return Severity.INFO;
    }
    return multiple >= config.severeMultiple() ? Severity.SEVERE : Severity.MAJOR;
  }

  /**
   * The load of one hour in kg: mean concentration × mean flow × 3600 s. Units: flue gas mg/m3 ×
   * m3/s, wastewater mg/L × L/s; both give mg per second, so the factor to kg is the same.
   */
  public static double hourlyLoadKg(double concentration, double flow) {
    return concentration * flow * SECONDS_PER_HOUR / MG_PER_KG;
  }
}
