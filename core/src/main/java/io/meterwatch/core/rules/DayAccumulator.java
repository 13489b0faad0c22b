package io.meterwatch.core.rules;

import io.meterwatch.core.model.DataFlag;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Accumulates the hourly values of one parameter over one local day; a later value for the same
 * hour (back-fill) replaces the earlier one. A Flink POJO like {@link HourAccumulator}. Hours are
 * indexed from the start of the local day; 25 slots cover a day that gains an hour at a DST change.
 */
public final class DayAccumulator implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int SLOTS = 25;
  private static final DataFlag[] FLAGS = DataFlag.values();

  /** Hourly value per hour, NaN where none. */
  public double[] value;

  /** Whether the hour is valid. */
  public boolean[] valid;

  /** Flag ordinal + 1 of the hour, 0 where the hour had no data. */
  public byte[] flag;

  public DayAccumulator() {
    value = new double[SLOTS];
    Arrays.fill(value, Double.NaN);
    valid = new boolean[SLOTS];
    flag = new byte[SLOTS];
  }

  /**
   * Sets hour {@code hour} of the day (0-based): its value ({@code null} when none), whether it is
   * a valid hour and its flag ({@code null} when the hour had no data).
   */
  public void setHour(int hour, Double hourValue, boolean validHour, DataFlag hourFlag) {
    value[hour] = hourValue == null ? Double.NaN : hourValue;
    valid[hour] = validHour;
    flag[hour] = hourFlag == null ? 0 : (byte) (hourFlag.ordinal() + 1);
  }

  /** Applies the daily validity rule. */
  public DayStats close(ValidityConfig config) {
    int validHours = 0;
    int dataHours = 0;
    int normalHours = 0;
    double sum = 0;
    int[] flagCounts = new int[FLAGS.length];
    for (int i = 0; i < SLOTS; i++) {
      if (flag[i] == 0) {
        continue;
      }
      dataHours++;
      DataFlag f = FLAGS[flag[i] - 1];
      flagCounts[f.ordinal()]++;
      if (f == DataFlag.N) {
        normalHours++;
      }
      if (valid[i] && !Double.isNaN(value[i])) {
        validHours++;
        sum += value[i];
      }
    }
    DataFlag dayFlag =
        dataHours == 0
            ? null
            : config.normal(normalHours, dataHours)
                ? DataFlag.N
                : HourAccumulator.dominantFlag(flagCounts);
    return new DayStats(
        validHours == 0 ? null : sum / validHours,
        validHours,
        dataHours,
        validHours >= config.minValidHoursPerDay(),
        dayFlag);
  }
}
