package io.meterwatch.core.quality;

import io.meterwatch.core.cases.Rule;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One threshold of the data verification detectors, declared once in {@link DetectorSettings} with
 * its key, type, default, bounds and description; {@link DetectorConfig}'s builder, checks,
 * equality, the registry's per-outlet overrides and the settings table of docs/rules.md all derive
 * from the declaration.
 *
 * @param <T> the value's type: {@link Duration}, {@link Double}, {@link Integer} or {@link Boolean}
 */
public final class DetectorSetting<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Whether and how a setting takes a value per parameter code. */
  public enum PerParameter {
    /** One value for the meter. */
    NO,
    /** One value for the meter, and optionally one per parameter code ({@code key.code}). */
    OPTIONAL,
    /** Values per parameter code only ({@code key.code}); none by default. */
    ONLY
  }

  /** The range a value must lie in, with the error message the checks give. */
  public enum Bound {
    /** A duration longer than zero. */
    POSITIVE_DURATION("> 0"),
    /** A number in (0, 1]. */
    SHARE("(0, 1]"),
    /** A finite number ≥ 0. */
    NON_NEGATIVE(">= 0"),
    /** A number greater than zero. */
    POSITIVE("> 0"),
    /** A number ≥ 1. */
    AT_LEAST_ONE(">= 1"),
    /** An O2 share in percent strictly between 0 and 21. */
    O2_PERCENT("(0, 21) %"),
    /** A switch: on or off. */
    ON_OFF("on, off");

    private final String text;

    Bound(String text) {
      this.text = text;
    }

    /** The bound as written in docs/rules.md. */
    public String text() {
      return text;
    }

    /** The error for {@code value} of setting {@code name}, or {@code null} when it is within. */
    String violation(String name, Object value) {
      return switch (this) {
        case POSITIVE_DURATION -> {
          Duration d = (Duration) value;
          yield d == null || d.isNegative() || d.isZero()
              ? name + " must be a positive duration, got " + d
              : null;
        }
        case SHARE ->
            within(value, v -> v > 0 && v <= 1) ? null : name + " must be in (0, 1], got " + value;
        case NON_NEGATIVE ->
            within(value, v -> v >= 0 && !Double.isInfinite(v))
                ? null
                : name + " must be a number >= 0, got " + value;
        case POSITIVE -> within(value, v -> v > 0) ? null : name + " must be > 0, got " + value;
        case AT_LEAST_ONE ->
            within(value, v -> v >= 1) ? null : name + " must be >= 1, got " + value;
        case O2_PERCENT ->
            within(value, v -> v > 0 && v < 21)
                ? null
                : name + " must be in (0, 21) %, got " + value;
        case ON_OFF ->
            !(value instanceof Boolean) ? name + " must be on or off, got " + value : null;
      };
    }

    private static boolean within(Object value, java.util.function.DoublePredicate ok) {
      return value instanceof Number n && ok.test(n.doubleValue());
    }
  }

  private final int index;
  private final String key;
  private final Class<T> type;
  private final T defaultValue;
  private final Bound bound;
  private final List<Rule> rules;
  private final boolean perOutlet;
  private final PerParameter perParameter;
  private final String description;

  DetectorSetting(
      int index,
      String key,
      Class<T> type,
      T defaultValue,
      Bound bound,
      List<Rule> rules,
      boolean perOutlet,
      PerParameter perParameter,
      String description) {
    this.index = index;
    this.key = Objects.requireNonNull(key, "key");
    this.type = Objects.requireNonNull(type, "type");
    this.defaultValue = defaultValue;
    this.bound = Objects.requireNonNull(bound, "bound");
    this.rules = List.copyOf(rules);
    this.perOutlet = perOutlet;
    this.perParameter = perParameter;
    this.description = Objects.requireNonNull(description, "description");
    if (perParameter != PerParameter.ONLY) {
      String problem = bound.violation(key, defaultValue);
      if (problem != null) {
        throw new IllegalStateException("default of " + problem);
      }
    }
  }

  /** Position in {@link DetectorSettings#ALL}. */
  int index() {
    return index;
  }

  /** The setting's name in code and in the settings table, e.g. {@code offlineAfter}. */
  public String key() {
    return key;
  }

  public Class<T> type() {
    return type;
  }

  /** The default, {@code null} for settings that exist per parameter only. */
  public T defaultValue() {
    return defaultValue;
  }

  public Bound bound() {
    return bound;
  }

  /** The detectors that use the setting. */
  public List<Rule> rules() {
    return rules;
  }

  /** Whether an outlet's {@code detectors} map in the registry may override it. */
  public boolean perOutlet() {
    return perOutlet;
  }

  public PerParameter perParameter() {
    return perParameter;
  }

  public String description() {
    return description;
  }

  /**
   * The name in an outlet's {@code detectors} map: the key, with {@code Minutes} appended for
   * durations (the registry gives numbers), or {@code null} when not overridable per outlet.
   */
  public String overrideKey() {
    if (!perOutlet) {
      return null;
    }
    return type == Duration.class ? key + "Minutes" : key;
  }

  /** How the override is written in the "known: …" list: {@code zeroLevel[.code]} and so on. */
  String overrideSyntax() {
    return switch (perParameter) {
      case NO -> overrideKey();
      case OPTIONAL -> overrideKey() + "[.code]";
      case ONLY -> overrideKey() + ".code";
    };
  }

  /**
   * Checks a value of this setting.
   *
   * @throws IllegalArgumentException naming the setting and the bound
   */
  T check(T value) {
    String problem = bound.violation(key, value);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return value;
  }

  /** The default as written in docs/rules.md. */
  public String defaultText() {
    if (defaultValue == null) {
      return "none";
    }
    if (defaultValue instanceof Duration d) {
      long min = d.toMinutes();
      return min > 60 && min % 60 == 0 ? min / 60 + " h" : min + " min";
    }
    if (defaultValue instanceof Double v) {
      java.math.BigDecimal exact = java.math.BigDecimal.valueOf(v).stripTrailingZeros();
      return exact.scale() <= 6
          ? exact.toPlainString()
          : String.format(java.util.Locale.ROOT, "%.3g", v);
    }
    if (defaultValue instanceof Boolean b) {
      return b ? "on" : "off";
    }
    return String.valueOf(defaultValue);
  }

  @Override
  public String toString() {
    return key;
  }
}
