package io.meterwatch.core.quality;

/** D4: when a value counts as unchanged (docs/rules.md, "D4 flatline"). */
public final class Flatline {
  private Flatline() {}

  /** The tolerance around an episode's first value {@code v0}. */
  public static double tolerance(double v0, double absolute, double relative) {
    return Math.max(absolute, relative * Math.abs(v0));
  }

  /** Whether {@code v} is unchanged from the episode's first value {@code v0}. */
  public static boolean unchanged(double v0, double v, double absolute, double relative) {
    return Math.abs(v - v0) <= tolerance(v0, absolute, relative);
  }

  /** Whether the source is running: the reading's flow is known and above {@code runningFlow}. */
  public static boolean running(double flow, double runningFlow) {
    return !Double.isNaN(flow) && flow > runningFlow;
  }
}
