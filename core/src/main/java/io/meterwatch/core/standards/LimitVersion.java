package io.meterwatch.core.standards;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One limit value for one parameter over a span of local calendar days, so that a limit changing
 * mid-year is data, not code.
 *
 * @param parameter the 2017 parameter code
 * @param value the limit (mg/m3 at reference O2, or mg/L)
 * @param effectiveFrom first local day the value is in force (inclusive), {@code null} = always
 * @param effectiveTo first local day it is no longer in force (exclusive), {@code null} = open
 */
public record LimitVersion(
    String parameter, double value, LocalDate effectiveFrom, LocalDate effectiveTo)
    implements Serializable {

  public LimitVersion {
    Objects.requireNonNull(parameter, "parameter");
    if (effectiveFrom != null && effectiveTo != null && !effectiveTo.isAfter(effectiveFrom)) {
      throw new IllegalArgumentException(
          "limit for "
              + parameter
              + ": effectiveTo "
              + effectiveTo
              + " is not after "
              + effectiveFrom);
    }
  }

  /** Whether the value is in force on a local day. */
  public boolean inForceOn(LocalDate day) {
    return (effectiveFrom == null || !day.isBefore(effectiveFrom))
        && (effectiveTo == null || day.isBefore(effectiveTo));
  }
}
