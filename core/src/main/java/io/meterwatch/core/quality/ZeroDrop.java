package io.meterwatch.core.quality;

/** D6: what counts as near zero for a pollutant (docs/rules.md, "D6 zero drop"). */
public final class ZeroDrop {
  private ZeroDrop() {}

  /**
   * The near-zero level: {@code zeroShareOfLimit} of the limit in force, or the parameter's zero
   * level when it has no limit.
   */
  public static double level(Double limit, String parameter, DetectorConfig c) {
    return limit != null ? c.zeroShareOfLimit() * limit : c.zeroLevel(parameter);
  }

  /** Whether a concentration is near zero (at or below the level, and not negative: that is D5). */
  public static boolean nearZero(double value, double level) {
    return value >= 0 && value <= level;
  }
}
