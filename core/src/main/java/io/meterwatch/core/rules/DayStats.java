package io.meterwatch.core.rules;

import io.meterwatch.core.model.DataFlag;

/**
 * The validity result of one parameter over one local day.
 *
 * @param value mean of the valid hourly values, {@code null} when there is none
 * @param validHours valid hours behind the value
 * @param dataHours hours that carried any data
 * @param valid whether this is a valid day (at least 20 valid hours by default)
 * @param flag N when at least 75 % of the hours with data are flagged N, else the most frequent
 *     other flag; {@code null} when the day has no data
 */
public record DayStats(Double value, int validHours, int dataHours, boolean valid, DataFlag flag) {}
