package io.meterwatch.core.time;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in scenario files and on the command line: {@code 30s}, {@code
 * 15m}, {@code 2h}, {@code 3d}, combinations such as {@code 1d12h}, or ISO-8601 ({@code PT2H}).
 */
public final class DurationText {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");

  private DurationText() {}

  /**
   * Parses a duration.
   *
   * @throws IllegalArgumentException with the offending text when it is none of the accepted forms
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty duration");
    }
    String t = text.strip();
    if (t.startsWith("P") || t.startsWith("p") || t.startsWith("-P")) {
      return Duration.parse(t);
    }
    boolean negative = t.startsWith("-");
    if (negative || t.startsWith("+")) {
      t = t.substring(1);
    }
    Matcher m = PART.matcher(t);
    Duration d = Duration.ZERO;
    int at = 0;
    while (m.find() && m.start() == at) {
      long n = Long.parseLong(m.group(1));
      d =
          switch (m.group(2)) {
            case "d" -> d.plusDays(n);
            case "h" -> d.plusHours(n);
            case "m" -> d.plusMinutes(n);
            case "s" -> d.plusSeconds(n);
            default -> d.plusMillis(n);
          };
      at = m.end();
    }
    if (at == 0 || at != t.length()) {
      throw new IllegalArgumentException(
          "not a duration: '" + text + "' (write e.g. 30s, 15m, 2h, 3d, 1d12h or PT2H)");
    }
    return negative ? d.negated() : d;
  }

  /** The shortest text {@link #parse} reads back to the same duration, e.g. {@code 1d2h}. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder b = new StringBuilder(d.isNegative() ? "-" : "");
    Duration a = d.abs();
    long days = a.toDays();
    if (days > 0) {
      b.append(days).append('d');
    }
    if (a.toHoursPart() > 0) {
      b.append(a.toHoursPart()).append('h');
    }
    if (a.toMinutesPart() > 0) {
      b.append(a.toMinutesPart()).append('m');
    }
    if (a.toSecondsPart() > 0) {
      b.append(a.toSecondsPart()).append('s');
    }
    if (a.toMillisPart() > 0) {
      b.append(a.toMillisPart()).append("ms");
    }
    return b.toString();
  }
}
