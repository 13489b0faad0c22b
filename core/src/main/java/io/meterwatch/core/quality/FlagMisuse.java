package io.meterwatch.core.quality;

import io.meterwatch.core.model.DataFlag;

/** D3: flags used to hide data (docs/rules.md, "D3 flag misuse"). */
public final class FlagMisuse {
  private FlagMisuse() {}

  /** Whether an hour flag marks the hour as flagged: M, C, D, F or S. */
  public static boolean flagging(DataFlag flag) {
    return flag == DataFlag.M
        || flag == DataFlag.C
        || flag == DataFlag.D
        || flag == DataFlag.F
        || flag == DataFlag.S;
  }

  /** Whether the flagged hours of a day exceed the allowed share of its hours. */
  public static boolean tooManyFlagged(int flaggedHours, int hoursOfDay, double maxShare) {
    return flaggedHours > maxShare * hoursOfDay;
  }

  /**
   * Whether an S-flagged hour hides an exceedance: the hour's own judged value (from its normal
   * minutes) is above the limit, or the last valid hour within the lookback exceeded.
   *
   * @param judgedValue the hour's judged value, or {@code null}
   * @param limit the limit in force
   * @param lastExceedingValidHour start of the last valid hour that exceeded, or {@link
   *     Episode#NONE}
   * @param hourStart the S hour's start
   * @param lookbackMs the lookback
   */
  public static boolean manualHidesExceedance(
      Double judgedValue,
      double limit,
      long lastExceedingValidHour,
      long hourStart,
      long lookbackMs) {
    if (judgedValue != null && judgedValue > limit) {
      return true;
    }
    return lastExceedingValidHour != Episode.NONE
        && lastExceedingValidHour < hourStart
        && hourStart - lastExceedingValidHour <= lookbackMs;
  }
}
