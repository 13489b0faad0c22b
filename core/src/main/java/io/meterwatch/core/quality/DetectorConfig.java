package io.meterwatch.core.quality;

import static io.meterwatch.core.quality.DetectorSettings.ANALYSER_RANGE;
import static io.meterwatch.core.quality.DetectorSettings.CLEAR_EVENTS;
import static io.meterwatch.core.quality.DetectorSettings.CLOCK_SKEW_JITTER;
import static io.meterwatch.core.quality.DetectorSettings.CLOCK_SKEW_LIMIT;
import static io.meterwatch.core.quality.DetectorSettings.CLOCK_SKEW_PERSISTENCE;
import static io.meterwatch.core.quality.DetectorSettings.DILUTION_AFTER;
import static io.meterwatch.core.quality.DetectorSettings.DILUTION_O2;
import static io.meterwatch.core.quality.DetectorSettings.DUPLICATE_MEMORY;
import static io.meterwatch.core.quality.DetectorSettings.FLATLINE_AFTER;
import static io.meterwatch.core.quality.DetectorSettings.FLAT_ABSOLUTE_TOLERANCE;
import static io.meterwatch.core.quality.DetectorSettings.FLAT_RELATIVE_TOLERANCE;
import static io.meterwatch.core.quality.DetectorSettings.FLOW_REFERENCE_WEIGHT;
import static io.meterwatch.core.quality.DetectorSettings.IDLE_ENERGY_SHARE;
import static io.meterwatch.core.quality.DetectorSettings.MANUAL_LOOKBACK;
import static io.meterwatch.core.quality.DetectorSettings.MAX_FLAGGED_SHARE;
import static io.meterwatch.core.quality.DetectorSettings.MIN_CLEAR_PERIOD;
import static io.meterwatch.core.quality.DetectorSettings.MIN_MONTHLY_CAPTURE;
import static io.meterwatch.core.quality.DetectorSettings.OFFLINE_AFTER;
import static io.meterwatch.core.quality.DetectorSettings.OPERATING_FLOW_SHARE;
import static io.meterwatch.core.quality.DetectorSettings.PROCESSING_FALLBACK;
import static io.meterwatch.core.quality.DetectorSettings.QUIET_RETENTION;
import static io.meterwatch.core.quality.DetectorSettings.RANGE_FACTOR;
import static io.meterwatch.core.quality.DetectorSettings.REFERENCE_DAYS;
import static io.meterwatch.core.quality.DetectorSettings.REPORTED_ABSOLUTE_TOLERANCE;
import static io.meterwatch.core.quality.DetectorSettings.REPORTED_RELATIVE_TOLERANCE;
import static io.meterwatch.core.quality.DetectorSettings.RUNNING_FLOW;
import static io.meterwatch.core.quality.DetectorSettings.ZERO_DROP_AFTER;
import static io.meterwatch.core.quality.DetectorSettings.ZERO_LEVEL;
import static io.meterwatch.core.quality.DetectorSettings.ZERO_SHARE_OF_LIMIT;

import io.meterwatch.core.cases.Rule;
import io.meterwatch.core.model.Parameter;
import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.quality.DetectorSetting.PerParameter;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Thresholds of the data verification detectors D1–D10 (docs/rules.md, "Detector settings"): the
 * settings declared in {@link DetectorSettings} with job-wide values, per-parameter values, and the
 * per-outlet overrides an outlet's {@code detectors} map in the registry applies with {@link
 * #withOverrides(Map)}. Immutable and serializable: it travels with the Flink operators.
 */
public final class DetectorConfig implements Serializable {
  private static final long serialVersionUID = 2L;

  /** The documented defaults. */
  public static final DetectorConfig DEFAULTS = builder().build();

  /** Values by {@link DetectorSetting#index()}. */
  private final Object[] values;

  /** Per-parameter values by setting index ({@code null} for settings without). */
  private final Map<String, Double>[] byParameter;

  private final DetectorSwitches switches;

  private DetectorConfig(Builder b) {
    int n = DetectorSettings.ALL.size();
    values = new Object[n];
    @SuppressWarnings("unchecked")
    Map<String, Double>[] maps = new Map[n];
    for (DetectorSetting<?> s : DetectorSettings.ALL) {
      int i = s.index();
      if (s.perParameter() != PerParameter.ONLY) {
        values[i] = checked(s, b.values[i]);
      }
      if (s.perParameter() != PerParameter.NO) {
        for (Map.Entry<String, Double> e : b.byParameter[i].entrySet()) {
          String problem = s.bound().violation(s.key() + "." + e.getKey(), e.getValue());
          if (problem != null) {
            throw new IllegalArgumentException(problem);
          }
        }
        maps[i] = Collections.unmodifiableMap(new LinkedHashMap<>(b.byParameter[i]));
      }
    }
    byParameter = maps;
    switches = Objects.requireNonNull(b.switches, "switches");
  }

  @SuppressWarnings("unchecked")
  private static <T> T checked(DetectorSetting<T> s, Object value) {
    return s.check((T) value);
  }

  /** A builder holding the documented defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    System.arraycopy(values, 0, b.values, 0, values.length);
    for (int i = 0; i < byParameter.length; i++) {
      if (byParameter[i] != null) {
        b.byParameter[i] = new LinkedHashMap<>(byParameter[i]);
      }
    }
    b.switches = switches;
    return b;
  }

  /**
   * This configuration with an outlet's overrides from the registry ({@code detectors} map: a
   * setting's {@link DetectorSetting#overrideKey()}, or {@code key.parameterCode} for per-parameter
   * settings, to a number; durations in minutes).
   *
   * @throws IllegalArgumentException naming the setting when a name is unknown or a value invalid
   */
  public DetectorConfig withOverrides(Map<String, Double> overrides) {
    if (overrides == null || overrides.isEmpty()) {
      return this;
    }
    Builder b = toBuilder();
    for (Map.Entry<String, Double> e : overrides.entrySet()) {
      String name = e.getKey();
      double v = Objects.requireNonNull(e.getValue(), name);
      int dot = name.indexOf('.');
      String base = dot < 0 ? name : name.substring(0, dot);
      String code = dot < 0 ? null : name.substring(dot + 1);
      if (code != null && code.isEmpty()) {
        throw new IllegalArgumentException("detector setting '" + name + "' has no parameter code");
      }
      DetectorSetting<?> s =
          DetectorSettings.byOverrideKey(base)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown detector setting '"
                              + name
                              + "'; known: "
                              + DetectorSettings.knownOverrides()));
      override(b, s, name, code, v);
    }
    return b.build();
  }

  private static void override(
      Builder b, DetectorSetting<?> s, String name, String code, double v) {
    String base = s.overrideKey();
    switch (s.perParameter()) {
      case ONLY -> {
        if (code == null) {
          throw new IllegalArgumentException(
              "detector setting '" + base + "' needs a parameter code: " + base + ".<code>");
        }
        if (s.bound().violation(name, v) != null) {
          throw new IllegalArgumentException(
              "detector setting '" + name + "' must be " + s.bound().text());
        }
        b.byParameter[s.index()].put(code, v);
      }
      case OPTIONAL -> {
        if (code == null) {
          b.values[s.index()] = v;
        } else {
          b.byParameter[s.index()].put(code, v);
        }
      }
      case NO -> {
        if (code != null) {
          throw new IllegalArgumentException(
              "detector setting '" + name + "' is per outlet, not per parameter");
        }
        if (s.type() == Duration.class) {
          if (!(v > 0)) {
            throw new IllegalArgumentException(
                "detector setting '" + name + "' must be > 0 minutes");
          }
          b.values[s.index()] = Duration.ofMillis(Math.round(v * 60_000));
        } else if (s.type() == Double.class) {
          b.values[s.index()] = v;
        } else if (s.type() == Integer.class && v == Math.rint(v)) {
          b.values[s.index()] = (int) v;
        } else {
          throw new IllegalArgumentException(
              "detector setting '" + name + "' takes a " + s.type().getSimpleName() + ", got " + v);
        }
      }
    }
  }

  /** The value of a setting that has one value per meter. */
  @SuppressWarnings("unchecked")
  public <T> T get(DetectorSetting<T> s) {
    return (T) values[s.index()];
  }

  /** The value of a per-parameter setting for {@code parameter}, else its meter-wide value. */
  private Double forParameter(DetectorSetting<Double> s, String parameter) {
    Double v = byParameter[s.index()].get(parameter);
    return v != null ? v : get(s);
  }

  /** D1: silence that makes a meter offline. */
  public Duration offlineAfter() {
    return get(OFFLINE_AFTER);
  }

  /** D1: whether a processing-time timer also reports silence when the watermark stalls. */
  public boolean processingFallback() {
    return get(PROCESSING_FALLBACK);
  }

  /** Episode detectors: clear events sent after an episode ends (the case manager's K). */
  public int clearEvents() {
    return get(CLEAR_EVENTS);
  }

  /** Episode detectors: the shortest spacing of clear events. */
  public Duration minClearPeriod() {
    return get(MIN_CLEAR_PERIOD);
  }

  /** D2: smallest monthly capture of a counter meter. */
  public double minMonthlyCapture() {
    return get(MIN_MONTHLY_CAPTURE);
  }

  /** D3: largest share of a day's hours under M, C, D, F or S flags. */
  public double maxFlaggedShare() {
    return get(MAX_FLAGGED_SHARE);
  }

  /** D3: how far back an exceeding valid hour makes a later S hour suspicious. */
  public Duration manualLookback() {
    return get(MANUAL_LOOKBACK);
  }

  /** D4: unchanged value that raises a flatline. */
  public Duration flatlineAfter() {
    return get(FLATLINE_AFTER);
  }

  /** D4: tolerance of "unchanged" for a parameter: its own absolute one, else the default. */
  public double flatAbsoluteTolerance(String parameter) {
    return forParameter(FLAT_ABSOLUTE_TOLERANCE, parameter);
  }

  /** D4: tolerance relative to the episode's first value. */
  public double flatRelativeTolerance() {
    return get(FLAT_RELATIVE_TOLERANCE);
  }

  /** D4: flow above which the source is running. */
  public double runningFlow() {
    return get(RUNNING_FLOW);
  }

  /** D5: how far beyond the analyser's range a value is impossible (× range). */
  public double rangeFactor() {
    return get(RANGE_FACTOR);
  }

  /** D5: the analyser's range for a parameter, or {@code null} when not known. */
  public Double analyserRange(String parameter) {
    return byParameter[ANALYSER_RANGE.index()].get(parameter);
  }

  /** D6: near-zero concentration at operating flow that raises a zero drop. */
  public Duration zeroDropAfter() {
    return get(ZERO_DROP_AFTER);
  }

  /** D6: near zero as a share of the limit in force. */
  public double zeroShareOfLimit() {
    return get(ZERO_SHARE_OF_LIMIT);
  }

  /**
   * D6: near zero for a parameter without a limit: the level configured for it, else its analysers'
   * detection limit from the parameter catalogue, else the default.
   */
  public double zeroLevel(String parameter) {
    Double configured = byParameter[ZERO_LEVEL.index()].get(parameter);
    if (configured != null) {
      return configured;
    }
    return ParameterCatalogue.byCode(parameter)
        .map(Parameter::detectionLimit)
        .filter(Objects::nonNull)
        .orElse(get(ZERO_LEVEL));
  }

  /** D6, D7: flow at or above this share of the reference flow is at operating level. */
  public double operatingFlowShare() {
    return get(OPERATING_FLOW_SHARE);
  }

  /** D6, D7: weight of a new flow value in the reference flow's moving average. */
  public double flowReferenceWeight() {
    return get(FLOW_REFERENCE_WEIGHT);
  }

  /** D7: O2 in % above which flue gas at operating flow is diluted. */
  public double dilutionO2() {
    return get(DILUTION_O2);
  }

  /** D7: dilution that raises a case. */
  public Duration dilutionAfter() {
    return get(DILUTION_AFTER);
  }

  /** D8: absolute tolerance of device versus recomputed figures. */
  public double reportedAbsoluteTolerance() {
    return get(REPORTED_ABSOLUTE_TOLERANCE);
  }

  /** D8: relative tolerance of device versus recomputed figures. */
  public double reportedRelativeTolerance() {
    return get(REPORTED_RELATIVE_TOLERANCE);
  }

  /** D9: data time this far from receive time is skewed. */
  public Duration clockSkewLimit() {
    return get(CLOCK_SKEW_LIMIT);
  }

  /** D9: how much a steady skew may vary. */
  public Duration clockSkewJitter() {
    return get(CLOCK_SKEW_JITTER);
  }

  /** D9: receive-time span of a steady skew that raises a case. */
  public Duration clockSkewPersistence() {
    return get(CLOCK_SKEW_PERSISTENCE);
  }

  /** D9: readings a meter remembers to spot conflicting duplicates. */
  public int duplicateMemory() {
    return get(DUPLICATE_MEMORY);
  }

  /** D10: energy share of the reference day that counts as use without production. */
  public double idleEnergyShare() {
    return get(IDLE_ENERGY_SHARE);
  }

  /** D10: production days the reference daily energy averages. */
  public int referenceDays() {
    return get(REFERENCE_DAYS);
  }

  /**
   * How long a quiet key's detector state outlives D1's silence report (meters) or its last open
   * period (days, months): then its state and timers are dropped (docs/rules.md, "State lifetime").
   */
  public Duration quietRetention() {
    return get(QUIET_RETENTION);
  }

  /** Which detectors run in the job (all by default). */
  public DetectorSwitches switches() {
    return switches;
  }

  /** Whether detector {@code rule} is on. */
  public boolean on(Rule rule) {
    return switches.on(rule);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DetectorConfig c
        && Arrays.equals(values, c.values)
        && Arrays.equals(byParameter, c.byParameter)
        && switches.equals(c.switches);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(values) + Arrays.hashCode(byParameter)) + switches.hashCode();
  }

  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(", ", "DetectorConfig{", "}");
    for (DetectorSetting<?> s : DetectorSettings.ALL) {
      if (s.perParameter() != PerParameter.ONLY) {
        j.add(s.key() + "=" + values[s.index()]);
      }
      if (s.perParameter() != PerParameter.NO && !byParameter[s.index()].isEmpty()) {
        j.add(s.key() + "." + byParameter[s.index()]);
      }
    }
    return j.add("switches=" + switches).toString();
  }

  /**
   * Sets detector thresholds by their declaration ({@link DetectorSettings}); {@link #build()}
   * checks them against their bounds. Starts from the defaults.
   */
  public static final class Builder {
    private final Object[] values = new Object[DetectorSettings.ALL.size()];

    @SuppressWarnings("unchecked")
    private final Map<String, Double>[] byParameter = new Map[DetectorSettings.ALL.size()];

    private DetectorSwitches switches = DetectorSwitches.ALL;

    private Builder() {
      for (DetectorSetting<?> s : DetectorSettings.ALL) {
        values[s.index()] = s.defaultValue();
        if (s.perParameter() != PerParameter.NO) {
          byParameter[s.index()] = new LinkedHashMap<>();
        }
      }
    }

    /** Sets a setting that has one value per meter. */
    public <T> Builder set(DetectorSetting<T> s, T value) {
      if (s.perParameter() == PerParameter.ONLY) {
        throw new IllegalArgumentException(s.key() + " is set per parameter only");
      }
      values[s.index()] = value;
      return this;
    }

    /** Sets a per-parameter setting for {@code parameter}. */
    public Builder set(DetectorSetting<Double> s, String parameter, double value) {
      if (s.perParameter() == PerParameter.NO) {
        throw new IllegalArgumentException(s.key() + " is not set per parameter");
      }
      byParameter[s.index()].put(Objects.requireNonNull(parameter, "parameter"), value);
      return this;
    }

    /** Which detectors run (default all). */
    public Builder switches(DetectorSwitches s) {
      switches = s;
      return this;
    }

    public Builder processingFallback(boolean on) {
      return set(PROCESSING_FALLBACK, on);
    }

    public Builder analyserRange(String parameter, double range) {
      return set(ANALYSER_RANGE, parameter, range);
    }

    public Builder zeroLevel(String parameter, double v) {
      return set(ZERO_LEVEL, parameter, v);
    }

    /** The configuration, checked. */
    public DetectorConfig build() {
      return new DetectorConfig(this);
    }
  }
}
