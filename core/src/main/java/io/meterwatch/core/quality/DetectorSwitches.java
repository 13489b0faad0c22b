package io.meterwatch.core.quality;

import io.meterwatch.core.cases.Rule;
import java.io.Serializable;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Which data verification detectors (D1–D10) run in the whole job (docs/rules.md, "Turning
 * detectors on and off"): the job's {@code --detectors all|none|D1,D4,...}. A detector that is off
 * keeps no state and emits nothing; the per-outlet threshold overrides of the registry apply to the
 * detectors that are on. Immutable and serializable.
 */
public final class DetectorSwitches implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The highest detector number. */
  public static final int COUNT = 10;

  /** Every detector on (the default). */
  public static final DetectorSwitches ALL = new DetectorSwitches((1 << (COUNT + 1)) - 2);

  /** Every detector off. */
  public static final DetectorSwitches NONE = new DetectorSwitches(0);

  /** Bit n set when detector Dn is on (bit 0 unused). */
  private final int bits;

  private DetectorSwitches(int bits) {
    this.bits = bits;
  }

  /**
   * Parses {@code all}, {@code none} or a comma-separated list of detector names ({@code D1,D4};
   * case and blanks around names ignored).
   *
   * @throws IllegalArgumentException naming the unknown detector, or for an empty list
   */
  public static DetectorSwitches parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("all")) {
      return ALL;
    }
    if (t.equals("none")) {
      return NONE;
    }
    int bits = 0;
    for (String part : t.split(",", -1)) {
      String name = part.trim();
      int n = number(name);
      if (n < 1) {
        throw new IllegalArgumentException(
            "unknown detector '"
                + part.trim()
                + "' in '"
                + text
                + "'; expected all, none or a list of D1 ... D"
                + COUNT
                + " such as D1,D4");
      }
      bits |= 1 << n;
    }
    return new DetectorSwitches(bits);
  }

  /**
   * {@code dN} or {@code DN} with 1 ≤ N ≤ {@link #COUNT} as N, else −1. Allocation-free: the
   * detectors ask {@link #on} for every reading.
   */
  private static int number(String name) {
    int len = name.length();
    if (len < 2 || len > 3 || (name.charAt(0) != 'd' && name.charAt(0) != 'D')) {
      return -1;
    }
    int n = 0;
    for (int i = 1; i < len; i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n >= 1 && n <= COUNT ? n : -1;
  }

  /** Whether detector {@code rule} ({@code "D1"} ... {@code "D10"}) is on. */
  public boolean on(String rule) {
    int n = number(rule);
    if (n < 1) {
      throw new IllegalArgumentException("not a detector: " + rule);
    }
    return (bits & (1 << n)) != 0;
  }

  /**
   * Whether detector {@code rule} is on.
   *
   * @throws IllegalArgumentException for a rule that is no detector (E1 ... Q1N)
   */
  public boolean on(Rule rule) {
    if (!rule.detector()) {
      throw new IllegalArgumentException("not a detector: " + rule.id());
    }
    return (bits & (1 << rule.detectorNumber())) != 0;
  }

  /** Whether any of the named detectors is on. */
  public boolean anyOn(String... rules) {
    for (String r : rules) {
      if (on(r)) {
        return true;
      }
    }
    return false;
  }

  /** Whether any of the detectors is on. */
  public boolean anyOn(Rule... rules) {
    for (Rule r : rules) {
      if (on(r)) {
        return true;
      }
    }
    return false;
  }

  /** {@code all}, {@code none}, or the detectors that are on, e.g. {@code D1,D4}. */
  @Override
  public String toString() {
    if (bits == ALL.bits) {
      return "all";
    }
    if (bits == 0) {
      return "none";
    }
    StringJoiner j = new StringJoiner(",");
    for (int n = 1; n <= COUNT; n++) {
      if ((bits & (1 << n)) != 0) {
        j.add("D" + n);
      }
    }
    return j.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DetectorSwitches s && s.bits == bits;
  }

  @Override
  public int hashCode() {
    return bits;
  }
}
