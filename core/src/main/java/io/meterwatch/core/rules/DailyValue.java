package io.meterwatch.core.rules;

import io.meterwatch.core.model.DataFlag;
import java.time.Instant;

/**
 * The daily value of one parameter at one outlet (rule E2 judges it for wastewater). Like {@link
 * HourlyValue} it is emitted when the local day closes and again, with a higher revision, when
 * back-filled hours change it.
 *
 * @param mn the meter's MN
 * @param parameter the 2017 parameter code
 * @param dayStart start of the local day
 * @param outlet the outlet id
 * @param enterprise the enterprise's credit code
 * @param county the county id
 * @param value mean of the valid hourly values (for flue gas the converted ones), or {@code null}
 * @param validHours valid hours behind the value
 * @param dataHours hours with any data
 * @param valid whether it is a valid day (at least 20 valid hours by default)
 * @param flag N, or the flag that made the day not normal; {@code null} when no data
 * @param revision 0 for the first result of the day, then 1, 2, ... for updates
 */
public record DailyValue(
    String mn,
    String parameter,
    Instant dayStart,
    String outlet,
    String enterprise,
    String county,
    Double value,
    int validHours,
    int dataHours,
    boolean valid,
    DataFlag flag,
    int revision) {}
