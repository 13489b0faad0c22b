package io.meterwatch.core.quality;

import io.meterwatch.core.model.Quantity;

/** D5: values no working analyser can report (docs/rules.md, "D5 impossible values"). */
public final class ImpossibleValues {
  /** Highest O2 content in %: ambient air. */
  public static final double MAX_O2 = 21.0;

  /** Lowest and highest pH. */
  public static final double MIN_PH = 0;

  public static final double MAX_PH = 14;

  private ImpossibleValues() {}

  /**
   * The bound a value breaks.
   *
   * @param bound the bound's value
   * @param what the bound in words, e.g. "O2 above 21 %"
   */
  public record Violation(double bound, String what) {}

  /**
   * The bound {@code value} of a parameter breaks, or {@code null} when it is possible.
   *
   * @param quantity what the parameter measures
   * @param value the value
   * @param range the analyser's range, or {@code null} when unknown (not checked)
   * @param rangeFactor how far beyond the range is impossible
   */
  public static Violation check(Quantity quantity, double value, Double range, double rangeFactor) {
    switch (quantity) {
      case CONCENTRATION, FLOW -> {
        if (value < 0) {
          return new Violation(0, "negative " + quantity.name().toLowerCase());
        }
      }
      case OXYGEN -> {
        if (value < 0) {
          return new Violation(0, "negative O2");
        }
        if (value > MAX_O2) {
          return new Violation(MAX_O2, "O2 above 21 %");
        }
      }
      case PH -> {
        if (value < MIN_PH) {
          return new Violation(MIN_PH, "pH below 0");
        }
        if (value > MAX_PH) {
          return new Violation(MAX_PH, "pH above 14");
        }
      }
      default -> {}
    }
    if (range != null && value > rangeFactor * range) {
      return new Violation(
          rangeFactor * range, "above " + rangeFactor + " x the analyser's range " + range);
    }
    return null;
  }
}
