package io.meterwatch.jobs.windows;

import io.meterwatch.core.rules.HourAccumulator;
import io.meterwatch.jobs.source.ParameterSlots;

/**
 * Window state of one meter over one local hour: an accumulator per parameter slot and where the
 * hour stands in its life (judged or not, changed since). A Flink POJO.
 */
public class OutletHour extends RevisedWindow {
  /** Accumulators by {@link ParameterSlots} slot, {@code null} for parameters not sent. */
  public HourAccumulator[] params;

  public OutletHour() {}

  public static OutletHour create() {
    OutletHour h = new OutletHour();
    h.params = new HourAccumulator[ParameterSlots.size()];
    return h;
  }

  public HourAccumulator param(int slot) {
    HourAccumulator a = params[slot];
    if (a == null) {
      a = new HourAccumulator();
      params[slot] = a;
    }
    return a;
  }
}
