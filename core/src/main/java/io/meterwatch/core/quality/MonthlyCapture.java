package io.meterwatch.core.quality;

/** D2: data capture of a counter meter over a local month (docs/rules.md, "D2 incomplete"). */
public final class MonthlyCapture {
  private MonthlyCapture() {}

  /** Hours with data ÷ hours that could have had data; 1 when none could. */
  public static double capture(int hoursWithData, int possibleHours) {
    return possibleHours <= 0 ? 1.0 : Math.min(1.0, hoursWithData / (double) possibleHours);
  }

  /** Whether the capture is too low. */
  public static boolean incomplete(int hoursWithData, int possibleHours, double minCapture) {
    return capture(hoursWithData, possibleHours) < minCapture;
  }
}
