package io.meterwatch.core.report;

import io.meterwatch.core.cases.Severity;
import java.io.IOException;
import java.io.Reader;
import java.util.Properties;
import java.util.Set;

/**
 * When an exceeding enterprise is a "serious exceeder" for the ecology-environment bureau's list. A
 * row is serious when any one of these holds in the period:
 *
 * <ul>
 *   <li>one of its cases reached {@code minSeverity} (default SEVERE: the case manager escalates at
 *       a multiple of 2.0, i.e. three times the limit, or after many exceeding hours in a week);
 *   <li>its worst value in the period is at least {@code limitTimes} times the limit (default 3:
 *       the "three times the standard" threshold the 2023 judicial interpretation on environmental
 *       pollution crimes, 法释〔2023〕7号 Art. 1, uses for serious pollution);
 *   <li>it exceeded on at least {@code minDays} local days (default 7, a local choice: a week of
 *       exceeding days in the period).
 * </ul>
 *
 * docs/reports.md documents the file format ({@code --policy FILE}).
 *
 * @param minSeverity the case severity that makes a row serious
 * @param limitTimes value ÷ limit at or above which a row is serious
 * @param minDays exceeding days in the period at or above which a row is serious
 */
public record SeriousPolicy(Severity minSeverity, double limitTimes, int minDays) {
  private static final Set<String> KEYS = Set.of("minSeverity", "limitTimes", "minDays");

  public SeriousPolicy {
    if (minSeverity == null) {
      throw new IllegalArgumentException("minSeverity: missing");
    }
    if (!(limitTimes > 1.0)) {
      throw new IllegalArgumentException("limitTimes: must be above 1, got " + limitTimes);
    }
    if (minDays < 1) {
      throw new IllegalArgumentException("minDays: must be at least 1, got " + minDays);
    }
  }

  /** SEVERE, 3 times the limit, 7 days. */
  public static SeriousPolicy defaults() {
    return new SeriousPolicy(Severity.SEVERE, 3.0, 7);
  }

  /**
   * Reads a policy file ({@code key=value} lines: minSeverity, limitTimes, minDays); keys left out
   * keep their defaults.
   *
   * @throws IllegalArgumentException naming the key when a value or key is wrong
   */
  public static SeriousPolicy read(Reader in) throws IOException {
    Properties p = new Properties();
    p.load(in);
    for (String k : p.stringPropertyNames()) {
      if (!KEYS.contains(k)) {
        throw new IllegalArgumentException("unknown key '" + k + "' (known: " + KEYS + ")");
      }
    }
    SeriousPolicy d = defaults();
    Severity sev = d.minSeverity();
    double times = d.limitTimes();
    int days = d.minDays();
    String v = p.getProperty("minSeverity");
    if (v != null) {
      try {
        sev = Severity.valueOf(v.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "minSeverity: '"
                + v
                + "' is not one of "
                + java.util.Arrays.toString(Severity.values()));
      }
    }
    v = p.getProperty("limitTimes");
    if (v != null) {
      try {
        times = Double.parseDouble(v.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("limitTimes: '" + v + "' is not a number");
      }
    }
    v = p.getProperty("minDays");
    if (v != null) {
      try {
        days = Integer.parseInt(v.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("minDays: '" + v + "' is not a whole number");
      }
    }
    return new SeriousPolicy(sev, times, days);
  }

  /** Whether a row with these figures is serious. */
  public boolean serious(Severity reached, Double worstValue, Double limit, int days) {
    if (reached != null && reached.compareTo(minSeverity) >= 0) {
      return true;
    }
    if (worstValue != null && limit != null && limit > 0 && worstValue >= limitTimes * limit) {
      return true;
    }
    return days >= minDays;
  }
}
