package io.meterwatch.core.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local calendar period of a report: a month ({@code 2025-03}), a quarter ({@code 2025-Q1}), a
 * half year ({@code 2025-H1}) or a year ({@code 2025}).
 *
 * @param label the period as written
 * @param first its first local day
 * @param end the local day after its last one
 */
public record ReportPeriod(String label, LocalDate first, LocalDate end) {
  private static final Pattern FORM =
      Pattern.compile("(\\d{4})(?:-(?:(\\d{2})|Q([1-4])|H([12])))?", Pattern.CASE_INSENSITIVE);

  /**
   * Parses a period.
   *
   * @throws IllegalArgumentException with a message saying which forms are accepted
   */
  public static ReportPeriod parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a period: '" + text + "' (e.g. 2025-03, 2025-Q1, 2025-H1 or 2025)");
    }
    int year = Integer.parseInt(m.group(1));
    if (m.group(2) != null) {
      int month = Integer.parseInt(m.group(2));
      if (month < 1 || month > 12) {
        throw new IllegalArgumentException("not a month: '" + text + "' (01..12)");
      }
      LocalDate first = LocalDate.of(year, month, 1);
      return new ReportPeriod(text.trim(), first, first.plusMonths(1));
    }
    if (m.group(3) != null) {
      LocalDate first = LocalDate.of(year, 3 * (Integer.parseInt(m.group(3)) - 1) + 1, 1);
      return new ReportPeriod(text.trim().toUpperCase(), first, first.plusMonths(3));
    }
    if (m.group(4) != null) {
      LocalDate first = LocalDate.of(year, 6 * (Integer.parseInt(m.group(4)) - 1) + 1, 1);
      return new ReportPeriod(text.trim().toUpperCase(), first, first.plusMonths(6));
    }
    return year(year);
  }

  /** A whole local year. */
  public static ReportPeriod year(int year) {
    LocalDate first = LocalDate.of(year, 1, 1);
    return new ReportPeriod(Integer.toString(year), first, first.plusYears(1));
  }

  /** The period's start as an instant in {@code zone}. */
  public Instant start(ZoneId zone) {
    return first.atStartOfDay(zone).toInstant();
  }

  /** The instant the period ends (exclusive) in {@code zone}. */
  public Instant endInstant(ZoneId zone) {
    return end.atStartOfDay(zone).toInstant();
  }

  /** Whether {@code t} lies in the period's local days. */
  public boolean contains(Instant t, ZoneId zone) {
    return !t.isBefore(start(zone)) && t.isBefore(endInstant(zone));
  }

  /** The last local day of the period. */
  public LocalDate last() {
    return end.minusDays(1);
  }

  /** "2025-01-01 至 2025-03-31", for headings. */
  public String describeZh() {
    return first + " 至 " + last();
  }
}
