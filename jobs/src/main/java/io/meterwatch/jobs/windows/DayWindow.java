package io.meterwatch.jobs.windows;

import io.meterwatch.core.rules.DayAccumulator;

/** Window state of one parameter of one meter over one local day. A Flink POJO. */
public class DayWindow extends RevisedWindow {
  public DayAccumulator hours = new DayAccumulator();

  public DayWindow() {}
}
