package io.meterwatch.core.cases;

import io.meterwatch.core.time.LocalCalendar;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * The case manager's tunables; {@link #defaults()} is what docs/cases.md documents.
 *
 * @param recoveryWindows consecutive compliant windows before RECOVERED (no flapping)
 * @param updateInterval at most one UPDATED per case per this much event time
 * @param severeMultiple a worst exceedance multiple at or above this makes a case SEVERE
 * @param severeHours this many exceeding hours within {@code severeLookback} make it SEVERE
 * @param severeLookback the window for {@code severeHours}
 * @param exceedanceDue verification due after opening for emission and load-quota cases
 * @param dataQualityDue verification due after opening for data-quality cases
 * @param rectificationMonths energy quota: rectification deadline after opening (calendar months)
 * @param maxExtensionMonths energy quota: the longest single extension
 * @param maxExtensions energy quota: how many extensions are allowed
 * @param calendar the local calendar months are counted in
 */
public record CasePolicy(
    int recoveryWindows,
    Duration updateInterval,
    double severeMultiple,
    int severeHours,
    Duration severeLookback,
    Duration exceedanceDue,
    Duration dataQualityDue,
    int rectificationMonths,
    int maxExtensionMonths,
    int maxExtensions,
    LocalCalendar calendar)
    implements Serializable {

  public CasePolicy {
    if (recoveryWindows < 1) {
      throw new IllegalArgumentException("recoveryWindows must be >= 1, got " + recoveryWindows);
    }
    positive(updateInterval, "updateInterval");
    positive(severeLookback, "severeLookback");
    positive(exceedanceDue, "exceedanceDue");
    positive(dataQualityDue, "dataQualityDue");
    if (!(severeMultiple > 0) || severeHours < 1) {
      throw new IllegalArgumentException(
          "severeMultiple must be > 0 and severeHours >= 1, got "
              + severeMultiple
              + " and "
              + severeHours);
    }
    Objects.requireNonNull(calendar, "calendar");
    if (rectificationMonths < 1 || maxExtensionMonths < 0 || maxExtensions < 0) {
      throw new IllegalArgumentException(
          "rectificationMonths must be >= 1, extensions >= 0, got "
              + rectificationMonths
              + "/"
              + maxExtensionMonths
              + "/"
              + maxExtensions);
    }
  }

  /**
   * The documented defaults: K = 2 compliant windows, one UPDATED per hour, SEVERE at a multiple of
   * 2 or at 24 exceeding hours within 7 days, verification due in 24 h (72 h for data quality),
   * energy-quota rectification in 6 months with at most one extension of at most 3 months.
   */
  public static CasePolicy defaults() {
    return new CasePolicy(
        2,
        Duration.ofHours(1),
        2.0,
        24,
        Duration.ofDays(7),
        Duration.ofHours(24),
        Duration.ofHours(72),
        6,
        3,
        1,
        LocalCalendar.defaultCalendar());
  }

  private static void positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
