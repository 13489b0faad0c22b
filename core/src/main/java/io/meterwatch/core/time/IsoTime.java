package io.meterwatch.core.time;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 instants with an explicit offset, as the canonical JSON and the decode command print
 * them ({@code 2021-07-22T13:00:00+08:00}, milliseconds only when present). Formatting and the
 * common parse path avoid {@link DateTimeFormatter}: the monitoring job parses two of these per
 * reading, at well over 100 000 readings a second.
 */
public final class IsoTime {

  private IsoTime() {}

  /**
   * The instant with the offset the zone has at that instant; seconds always printed, fraction
   * printed as milliseconds (or nanoseconds when finer) only when not zero.
   */
  public static String format(Instant t, ZoneId zone) {
    ZoneOffset offset = zone.getRules().getOffset(t);
    LocalDateTime l = LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), offset);
    StringBuilder b = new StringBuilder(32);
    int year = l.getYear();
    if (year < 0 || year > 9999) {
      // Outside four-digit years: let java.time choose the ISO form.
      return OffsetDateTime.ofInstant(t, zone).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
    pad(b, year, 4).append('-');
    pad(b, l.getMonthValue(), 2).append('-');
    pad(b, l.getDayOfMonth(), 2).append('T');
    pad(b, l.getHour(), 2).append(':');
    pad(b, l.getMinute(), 2).append(':');
    pad(b, l.getSecond(), 2);
    int nano = l.getNano();
    if (nano != 0) {
      b.append('.');
      if (nano % 1_000_000 == 0) {
        pad(b, nano / 1_000_000, 3);
      } else {
        pad(b, nano, 9);
      }
    }
    b.append(offset.getTotalSeconds() == 0 ? "Z" : offset.getId());
    return b.toString();
  }

  /**
   * Parses an ISO-8601 date-time with an offset ({@code Z} or {@code ±HH:MM}), e.g. {@code
   * 2021-07-22T13:00:00+08:00} or {@code 2021-07-22T05:00:00.250Z}. A local time without an offset
   * is rejected: it would be ambiguous.
   *
   * @throws DateTimeException when the text is not such a time
   */
  public static Instant parse(String s) {
    Instant fast = parseCommon(s);
    if (fast != null) {
      return fast;
    }
    try {
      return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new DateTimeException("not an ISO-8601 time with offset: " + s, e);
    }
  }

  /** The fixed-width shapes this class prints; {@code null} for anything else. */
  private static Instant parseCommon(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0) {
      return null;
    }
    int i = 19;
    int nano = 0;
    if (i < n && s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && Character.isDigit(s.charAt(i))) {
        i++;
      }
      int len = i - start;
      if (len == 0 || len > 9) {
        return null;
      }
      nano = digits(s, start, len);
      for (int k = len; k < 9; k++) {
        nano *= 10;
      }
    }
    int offsetSeconds;
    if (i == n - 1 && s.charAt(i) == 'Z') {
      offsetSeconds = 0;
    } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
      int oh = digits(s, i + 1, 2);
      int om = digits(s, i + 4, 2);
      if ((oh | om) < 0 || oh > 18 || om > 59) {
        return null;
      }
      offsetSeconds = (oh * 3600 + om * 60) * (s.charAt(i) == '-' ? -1 : 1);
    } else {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second, nano)
          .toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
    } catch (DateTimeException e) {
      throw new DateTimeException("not a calendar time: " + s, e);
    }
  }

  /** The non-negative number of len decimal digits at from, or -1. */
  private static int digits(String s, int from, int len) {
    int v = 0;
    for (int i = from; i < from + len; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static StringBuilder pad(StringBuilder b, int v, int width) {
    String s = Integer.toString(v);
    for (int k = s.length(); k < width; k++) {
      b.append('0');
    }
    return b.append(s);
  }
}
