package io.meterwatch.jobs.quality;

import io.meterwatch.core.quality.Episode;
import io.meterwatch.jobs.source.ParameterSlots;
import java.util.Arrays;

/**
 * What the hourly detectors remember of one meter across days: the first and last hour seen (so a
 * day the job saw only part of is judged fairly) and, per pollutant slot, the last valid hour that
 * exceeded its limit (D3's manual-value check). A Flink POJO.
 */
public class HourQuality {
  /** Start of the first hour seen. */
  public long firstHour = Episode.NONE;

  /** Start of the last hour seen. */
  public long lastHour = Episode.NONE;

  /**
   * The pending event-time timer that drops this meter's state: the end of the local day of its
   * last hour plus {@code quietRetention}; {@link Episode#NONE} when none.
   */
  public long cleanupTimer = Episode.NONE;

  /** By slot: start of the last valid hour above its limit, {@link Episode#NONE} when none. */
  public long[] lastExceeding;

  public HourQuality() {}

  static HourQuality create() {
    HourQuality q = new HourQuality();
    q.lastExceeding = new long[ParameterSlots.size()];
    Arrays.fill(q.lastExceeding, Episode.NONE);
    return q;
  }
}
