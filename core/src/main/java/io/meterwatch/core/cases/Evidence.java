package io.meterwatch.core.cases;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigDecimal;
import java.math.MathContext;
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
    String detail) {

  /**
   * The figures as a person says them: {@code 179.6 mg/m3 vs limit 100 (+80 %)} above the limit,
   * {@code 53.4 mg/m3 vs limit 100 (47 % below the limit)} under it; the detail when there is no
   * value and limit.
   */
  @JsonIgnore
  public String figures() {
    if (value == null || limit == null) {
      return detail == null ? "" : detail;
    }
    String u = unit == null || unit.isBlank() ? "" : " " + unit;
    String text = number(value) + u + " vs limit " + number(limit);
    double share = multiple != null ? multiple : limit != 0 ? (value - limit) / limit : Double.NaN;
    if (Double.isNaN(share) || Double.isInfinite(share)) {
      return text;
    }
    long percent = Math.round(Math.abs(share) * 100);
    return text + (share >= 0 ? " (+" + percent + " %)" : " (" + percent + " % below the limit)");
  }

  /** Four significant digits, no trailing zeros, never in exponent form. */
  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return String.valueOf(v);
    }
    BigDecimal d = new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros();
    return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
  }
}
