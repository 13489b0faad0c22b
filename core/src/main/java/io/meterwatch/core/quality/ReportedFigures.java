package io.meterwatch.core.quality;

/** D8: device figures versus the job's recomputation (docs/rules.md, "D8"). */
public final class ReportedFigures {
  private ReportedFigures() {}

  /** Whether a device figure differs from the recomputed one beyond the tolerance. */
  public static boolean differs(
      double device, double recomputed, double absolute, double relative) {
    return Math.abs(device - recomputed) > Math.max(absolute, relative * Math.abs(recomputed));
  }

  /** (device − recomputed) / |recomputed|, or {@code null} when recomputed is 0. */
  public static Double relativeDifference(double device, double recomputed) {
    return recomputed == 0 ? null : (device - recomputed) / Math.abs(recomputed);
  }
}
