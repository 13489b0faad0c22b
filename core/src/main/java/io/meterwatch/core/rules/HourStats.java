package io.meterwatch.core.rules;

import io.meterwatch.core.model.DataFlag;

/**
 * The validity result of one parameter over one local hour (docs/rules.md, "Validity").
 *
 * @param value mean of the valid minute values (or the device's hourly average), {@code null} when
 *     the hour has no valid data at all
 * @param min smallest valid minute value, {@code null} when unknown
 * @param max largest valid minute value, {@code null} when unknown
 * @param validMinutes valid minutes behind the value; {@code null} when the device's own hourly
 *     average was used (the device judged validity)
 * @param dataMinutes minutes that carried any data, valid or not
 * @param valid whether this is a valid hour (at least 45 valid minutes by default)
 * @param flag N when at least 75 % of the minutes with data are normal, else the most frequent
 *     other flag; {@code null} when the hour has no data
 * @param source what the value was computed from
 * @param deviceAvg the device's own hourly average (CN 2061) for cross-checking, or {@code null}
 * @param deviceZsAvg the device's own converted hourly average (ZsAvg), or {@code null}
 * @param deviceMinuteMean mean of the device's valid minute values (CN 2051), or {@code null}
 * @param deviceZsMean mean of the converted real-time values the device sent (ZsRtd), or {@code
 *     null}
 * @param readings real-time readings received in the hour
 * @param deviceMinuteAvg for detector D8: the mean of the device's valid minute values (CN 2051)
 *     whose period also has valid real-time minutes, or {@code null} when no period matched
 * @param recomputedMinuteAvg for detector D8: the job's own minute values over the same periods
 *     (each period: the mean of its valid real-time minutes), averaged like {@code deviceMinuteAvg}
 */
public record HourStats(
    Double value,
    Double min,
    Double max,
    Integer validMinutes,
    int dataMinutes,
    boolean valid,
    DataFlag flag,
    HourSource source,
    Double deviceAvg,
    Double deviceZsAvg,
    Double deviceMinuteMean,
    Double deviceZsMean,
    int readings,
    Double deviceMinuteAvg,
    Double recomputedMinuteAvg) {

  /** Whether the hour had any data at all. */
  public boolean hasData() {
    return source != null;
  }
}
