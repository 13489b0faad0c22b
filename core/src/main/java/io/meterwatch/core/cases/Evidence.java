package io.meterwatch.core.cases;

import java.time.Instant;

/**
 * What a rule saw: the window it judged and the figures against the limit.
 *
 * @param windowStart start of the judged window (inclusive)
 * @param windowEnd end of the judged window (exclusive)
 * @param value the judged value (e.g. converted hourly average), or {@code null}
 * @param limit the limit in force for the window, or {@code null}
 * @param unit unit of value and limit
 * @param standard the standard (or quota) the limit comes from
 * @param multiple exceedance multiple (value − limit) / limit, or {@code null}
 * @param validCount valid minutes (hourly rules) or valid hours (daily rules) behind the value
 * @param detail free text for data-quality evidence (e.g. "flat for 75 min at 12.3")
 */
public record Evidence(
    Instant windowStart,
    Instant windowEnd,
    Double value,
    Double limit,
    String unit,
    String standard,
    Double multiple,
    Integer validCount,
    String detail) {}
