package io.meterwatch.core.rules;

import io.meterwatch.core.model.DataFlag;
import java.time.Instant;

/**
 * The hourly value of one parameter at one outlet: what the monitoring job writes to InfluxDB
 * (measurement {@code hourly}, docs/rules.md) and what the hourly and daily rules judge. Emitted
 * when the local hour closes (event time) and again, with a higher {@code revision}, when readings
 * back-filled within the allowed lateness change it; the later record replaces the earlier one.
 *
 * @param mn the meter's MN
 * @param parameter the 2017 parameter code
 * @param hourStart start of the local hour
 * @param outlet the outlet id
 * @param enterprise the enterprise's credit code
 * @param county the county id
 * @param value mean of the valid minute values in the parameter's unit (measured, not converted),
 *     {@code null} when the hour had no valid data
 * @param min smallest valid minute value, or {@code null}
 * @param max largest valid minute value, or {@code null}
 * @param validMinutes valid minutes behind the value; {@code null} when it is the device's own
 *     hourly average (CN 2061)
 * @param dataMinutes minutes with any data
 * @param valid whether it is a valid hour (HJ 212 Annex D: at least 45 valid minutes by default)
 * @param flag N, or the flag that made the hour not normal (75 % rule); {@code null} when no data
 * @param source real-time data, device minute data or the device's hourly average
 * @param converted for flue-gas pollutants: the value at the outlet's reference O2, using the mean
 *     O2 of the same hour; {@code null} when not a flue-gas pollutant, when O2 is missing or not
 *     valid, or when O2 is at or above the guard (such an hour is not judged)
 * @param referenceO2 the reference O2 in % the value was converted to, or {@code null}
 * @param loadKg for pollutants: the hour's load in kg (value × mean flow × 3600 s), or {@code null}
 *     when value or flow is missing
 * @param deviceAvg the device's own hourly average for cross-checking, or {@code null}
 * @param deviceZsAvg the device's own converted hourly average, or {@code null}
 * @param deviceMinuteAvg the device's valid minute values (CN 2051) averaged over the periods in
 *     which the job also has valid real-time minutes, for cross-checking (D8), or {@code null}
 * @param recomputedMinuteAvg the job's own minute values over the same periods, or {@code null}
 * @param revision 0 for the first result of the hour, then 1, 2, ... for updates by back-fill
 */
public record HourlyValue(
    String mn,
    String parameter,
    Instant hourStart,
    String outlet,
    String enterprise,
    String county,
    Double value,
    Double min,
    Double max,
    Integer validMinutes,
    int dataMinutes,
    boolean valid,
    DataFlag flag,
    HourSource source,
    Double converted,
    Double referenceO2,
    Double loadKg,
    Double deviceAvg,
    Double deviceZsAvg,
    Double deviceMinuteAvg,
    Double recomputedMinuteAvg,
    int revision) {

  /** The value a rule judges: the converted value for flue-gas pollutants, else the value. */
  public Double judgedValue() {
    return converted != null ? converted : value;
  }
}
