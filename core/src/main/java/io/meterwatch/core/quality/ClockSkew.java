package io.meterwatch.core.quality;

/** D9: a device clock that is off (docs/rules.md, "D9 clock skew"). */
public final class ClockSkew {
  private ClockSkew() {}

  /** Data time minus receive time in ms: positive when the device clock is ahead. */
  public static long offset(long dataTime, long receiveTime) {
    return dataTime - receiveTime;
  }

  /** Whether an offset is beyond the limit. */
  public static boolean skewed(long offsetMs, long limitMs) {
    return Math.abs(offsetMs) >= limitMs;
  }

  /** Whether an offset stays within the jitter of the episode's first offset (a steady skew). */
  public static boolean steady(long offsetMs, long firstOffsetMs, long jitterMs) {
    return Math.abs(offsetMs - firstOffsetMs) <= jitterMs;
  }
}
