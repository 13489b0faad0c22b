package io.meterwatch.core.rules;

/**
 * Q1: how much of a local month a cumulative meter's amount covers (docs/rules.md, "Q1 — energy
 * quota", coverage). A meter's amount for the month is its last register in the month minus its
 * last register before the month (else its first in the month), so it covers the time from that
 * earlier register, not before the month start, to its last register in the month. The month is
 * measured from its start, or from the enterprise's first data when the job saw none before (a
 * meter connected mid-month is judged on what could be seen, as D2 does).
 */
public final class EnergyCoverage {
  private EnergyCoverage() {}

  /**
   * The covered share of {@code [possibleFrom, monthEnd)}: from {@code from} (the earlier register)
   * to {@code last} (the last register in the month), 0 when they cover nothing, 1 when nothing
   * could be covered.
   */
  public static double coverage(long from, long last, long possibleFrom, long monthEnd) {
    if (monthEnd <= possibleFrom) {
      return 1.0;
    }
    long start = Math.max(from, possibleFrom);
    long end = Math.min(last, monthEnd);
    return end <= start ? 0.0 : (end - start) / (double) (monthEnd - possibleFrom);
  }

  /** Whether a month whose least-covered meter covers {@code coverage} can be judged. */
  public static boolean judgeable(double coverage, double minCoverage) {
    return coverage >= minCoverage;
  }
}
