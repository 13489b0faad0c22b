package io.meterwatch.core.rules;

import java.time.LocalDate;
import java.util.Optional;

/** The arithmetic of the total-load quota rule L1 (docs/rules.md). */
public final class LoadArithmetic {

  private LoadArithmetic() {}

  /** The share of the annual quota used so far, e.g. 0.83 for 83 %. */
  public static double share(double yearToDateKg, double quotaKg) {
    if (!(quotaKg > 0)) {
      throw new IllegalArgumentException("annual load quota must be > 0: " + quotaKg);
    }
    return yearToDateKg / quotaKg;
  }

  /**
   * The local day on which the annual quota runs out at the recent rate: the load of the last
   * {@code recentDays} days ending with {@code lastDay}, extrapolated from the end of {@code
   * lastDay}. The quota is exhausted during the returned day. Returns {@code lastDay} when the
   * quota is already used up, empty when the recent rate is zero (it never runs out at that rate).
   */
  public static Optional<LocalDate> projectedExhaustion(
      double yearToDateKg, double quotaKg, double recentKg, int recentDays, LocalDate lastDay) {
    if (recentDays < 1) {
      throw new IllegalArgumentException("recentDays must be >= 1");
    }
    if (yearToDateKg >= quotaKg) {
      return Optional.of(lastDay);
    }
    double perDay = recentKg / recentDays;
    if (!(perDay > 0)) {
      return Optional.empty();
    }
    double days = Math.ceil((quotaKg - yearToDateKg) / perDay);
    if (days > 366 * 100) {
      return Optional.empty();
    }
    return Optional.of(lastDay.plusDays((long) days));
  }
}
