package io.meterwatch.core.cases;

import io.meterwatch.core.time.LocalCalendar;
import java.time.Instant;

/**
 * How the case manager counts a case's breaching windows for escalation (docs/cases.md,
 * "Severity"): hourly and shorter windows (and detector episodes) by their hours, whole local days
 * by days, whole local calendar months by months.
 */
public enum WindowKind {
  /** Windows shorter than a local day, or episodes not aligned on days: counted in hours. */
  HOURS,
  /** One whole local day: counted in days. */
  DAYS,
  /** One whole local calendar month: counted in months. */
  MONTHS;

  /** The kind of the window {@code [start, end)} in the local calendar. */
  public static WindowKind of(Instant start, Instant end, LocalCalendar calendar) {
    if (end == null || !end.isAfter(start)) {
      return HOURS;
    }
    if (calendar.monthStart(start).equals(start) && calendar.nextMonthStart(start).equals(end)) {
      return MONTHS;
    }
    if (calendar.dayStart(start).equals(start) && calendar.nextDayStart(start).equals(end)) {
      return DAYS;
    }
    return HOURS;
  }
}
