package io.meterwatch.core.quality;

/**
 * D6, D7: the meter's reference flow (an exponential moving average of its flow while running) and
 * whether a flow is at operating level (docs/rules.md, "D6 zero drop").
 */
public final class OperatingFlow {
  private OperatingFlow() {}

  /** The reference flow after a new flow value; the first value starts it. */
  public static double nextReference(double reference, double flow, double weight) {
    if (Double.isNaN(reference)) {
      return flow;
    }
    return reference + weight * (flow - reference);
  }

  /** Whether {@code flow} is at least {@code share} of a known, positive reference flow. */
  public static boolean atOperatingLevel(double flow, double reference, double share) {
    return !Double.isNaN(flow)
        && !Double.isNaN(reference)
        && reference > 0
        && flow >= share * reference;
  }
}
