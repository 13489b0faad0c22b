package io.meterwatch.jobs.quality;

import io.meterwatch.jobs.source.ParameterSlots;

/**
 * What D2 and D3 remember of one meter's local day: per parameter slot the hours with data and the
 * valid hours, and the hours flagged M, C, D, F or S with the flags seen (bit {@code i} = the
 * {@code i}-th hour of the day). A Flink POJO.
 */
public class DayQuality {
  /** Hours with data, by slot. */
  public long[] dataHours;

  /** Valid hours, by slot. */
  public long[] validHours;

  /** Hours whose flag (of any parameter) is M, C, D, F or S. */
  public long flaggedHours;

  /** DataFlag ordinals seen on flagged hours, as bits. */
  public int flagsSeen;

  public DayQuality() {}

  static DayQuality create() {
    DayQuality d = new DayQuality();
    d.dataHours = new long[ParameterSlots.size()];
    d.validHours = new long[ParameterSlots.size()];
    return d;
  }
}
