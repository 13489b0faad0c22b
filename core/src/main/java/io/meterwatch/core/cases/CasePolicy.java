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
 * @param severeHours hourly windows: this many exceeding hours within {@code severeLookback} make
 *     it SEVERE
 * @param severeLookback the window for {@code severeHours}
 * @param severeDays daily windows: this many exceeding days within {@code severeDaysLookback}
 * @param severeDaysLookback the window for {@code severeDays}
 * @param severeMonths monthly windows: this many exceeding months within {@code
 *     severeMonthsLookback} calendar months
 * @param severeMonthsLookback the window for {@code severeMonths}, in calendar months
 * @param exceedanceDue verification due after opening for emission and load-quota cases
 * @param dataQualityDue verification due after opening for data-quality cases
 * @param rectificationMonths energy quota: rectification deadline after opening (calendar months)
 * @param maxExtensionMonths energy quota: the longest single extension
 * @param maxExtensions energy quota: how many extensions are allowed per rectification
 * @param rectifiedMonths energy quota: consecutive compliant months that end a rectification
 * @param maxWindows the most window verdicts a case keeps (bounds its state)
 * @param calendar the local calendar days and months are counted in
 */
public record CasePolicy(
    int recoveryWindows,
    Duration updateInterval,
    double severeMultiple,
    int severeHours,
    Duration severeLookback,
    int severeDays,
    Duration severeDaysLookback,
    int severeMonths,
    int severeMonthsLookback,
    Duration exceedanceDue,
    Duration dataQualityDue,
    int rectificationMonths,
    int maxExtensionMonths,
    int maxExtensions,
    int rectifiedMonths,
    int maxWindows,
    LocalCalendar calendar)
    implements Serializable {

  public CasePolicy {
    if (recoveryWindows < 1) {
      throw new IllegalArgumentException("recoveryWindows must be >= 1, got " + recoveryWindows);
    }
    positive(updateInterval, "updateInterval");
    positive(severeLookback, "severeLookback");
    positive(severeDaysLookback, "severeDaysLookback");
    positive(exceedanceDue, "exceedanceDue");
    positive(dataQualityDue, "dataQualityDue");
    if (!(severeMultiple > 0) || severeHours < 1 || severeDays < 1 || severeMonths < 1) {
      throw new IllegalArgumentException(
          "severeMultiple must be > 0 and severeHours, severeDays, severeMonths >= 1, got "
              + severeMultiple
              + ", "
              + severeHours
              + ", "
              + severeDays
              + ", "
              + severeMonths);
    }
    if (severeMonthsLookback < 1) {
      throw new IllegalArgumentException(
          "severeMonthsLookback must be >= 1, got " + severeMonthsLookback);
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
    if (rectifiedMonths < 1) {
      throw new IllegalArgumentException("rectifiedMonths must be >= 1, got " + rectifiedMonths);
    }
    if (maxWindows < recoveryWindows + 1 || maxWindows < rectifiedMonths + 1) {
      throw new IllegalArgumentException(
          "maxWindows must exceed recoveryWindows and rectifiedMonths, got " + maxWindows);
    }
  }

  /**
   * The documented defaults: K = 2 compliant windows, one UPDATED per hour, SEVERE at a multiple of
   * 2, at 24 exceeding hours within 7 days, at 3 exceeding days within 7 days or at 3 exceeding
   * months within 12; verification due in 24 h (72 h for data quality); energy-quota rectification
   * in 6 months with at most one extension of at most 3 months, rectified after 3 compliant months;
   * at most 200 window verdicts per case.
   */
  public static CasePolicy defaults() {
    return new CasePolicy(
        2,
        Duration.ofHours(1),
        2.0,
        24,
        Duration.ofDays(7),
        3,
        Duration.ofDays(7),
        3,
        12,
        Duration.ofHours(24),
        Duration.ofHours(72),
        6,
        3,
        1,
        3,
        200,
        LocalCalendar.defaultCalendar());
  }

  private static void positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
