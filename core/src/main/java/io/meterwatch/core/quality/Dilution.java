package io.meterwatch.core.quality;

/** D7: flue gas diluted with ambient air (docs/rules.md, "D7 dilution"). */
public final class Dilution {
  private Dilution() {}

  /** Whether O2 above the dilution level at operating flow signals dilution. */
  public static boolean diluted(double o2, boolean flowAtOperatingLevel, double dilutionO2) {
    return flowAtOperatingLevel && !Double.isNaN(o2) && o2 > dilutionO2;
  }
}
