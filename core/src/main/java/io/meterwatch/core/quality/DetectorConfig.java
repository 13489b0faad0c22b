package io.meterwatch.core.quality;

import io.meterwatch.core.cases.Rule;
import io.meterwatch.core.model.Parameter;
import io.meterwatch.core.model.ParameterCatalogue;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Thresholds of the data verification detectors D1–D10 (docs/rules.md, "Data verification
 * detectors"): job-wide defaults, per-parameter values, and the per-outlet overrides an outlet's
 * {@code detectors} map in the registry applies with {@link #withOverrides(Map)}. Immutable and
 * serializable: it travels with the Flink operators.
 */
public final class DetectorConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The documented defaults. */
  public static final DetectorConfig DEFAULTS = builder().build();

  private final Duration offlineAfter;
  private final boolean processingFallback;
  private final int clearEvents;
  private final Duration minClearPeriod;
  private final double minMonthlyCapture;
  private final double maxFlaggedShare;
  private final Duration manualLookback;
  private final Duration flatlineAfter;
  private final double flatAbsoluteTolerance;
  private final double flatRelativeTolerance;
  private final Map<String, Double> flatAbsoluteToleranceByParameter;
  private final double runningFlow;
  private final double rangeFactor;
  private final Map<String, Double> analyserRange;
  private final Duration zeroDropAfter;
  private final double zeroShareOfLimit;
  private final double zeroLevel;
  private final Map<String, Double> zeroLevelByParameter;
  private final double operatingFlowShare;
  private final double flowReferenceWeight;
  private final double dilutionO2;
  private final Duration dilutionAfter;
  private final double reportedAbsoluteTolerance;
  private final double reportedRelativeTolerance;
  private final Duration clockSkewLimit;
  private final Duration clockSkewJitter;
  private final Duration clockSkewPersistence;
  private final int duplicateMemory;
  private final double idleEnergyShare;
  private final int referenceDays;
  private final DetectorSwitches switches;

  private DetectorConfig(Builder b) {
    offlineAfter = positive(b.offlineAfter, "offlineAfter");
    processingFallback = b.processingFallback;
    clearEvents = atLeast(b.clearEvents, 1, "clearEvents");
    minClearPeriod = positive(b.minClearPeriod, "minClearPeriod");
    minMonthlyCapture = share(b.minMonthlyCapture, "minMonthlyCapture");
    maxFlaggedShare = share(b.maxFlaggedShare, "maxFlaggedShare");
    manualLookback = positive(b.manualLookback, "manualLookback");
    flatlineAfter = positive(b.flatlineAfter, "flatlineAfter");
    flatAbsoluteTolerance = nonNegative(b.flatAbsoluteTolerance, "flatAbsoluteTolerance");
    flatRelativeTolerance = nonNegative(b.flatRelativeTolerance, "flatRelativeTolerance");
    flatAbsoluteToleranceByParameter = copy(b.flatAbsoluteToleranceByParameter);
    runningFlow = nonNegative(b.runningFlow, "runningFlow");
    if (!(b.rangeFactor >= 1)) {
      throw new IllegalArgumentException("rangeFactor must be >= 1, got " + b.rangeFactor);
    }
    rangeFactor = b.rangeFactor;
    analyserRange = copy(b.analyserRange);
    zeroDropAfter = positive(b.zeroDropAfter, "zeroDropAfter");
    zeroShareOfLimit = share(b.zeroShareOfLimit, "zeroShareOfLimit");
    zeroLevel = nonNegative(b.zeroLevel, "zeroLevel");
    zeroLevelByParameter = copy(b.zeroLevelByParameter);
    operatingFlowShare = share(b.operatingFlowShare, "operatingFlowShare");
    flowReferenceWeight = share(b.flowReferenceWeight, "flowReferenceWeight");
    if (!(b.dilutionO2 > 0 && b.dilutionO2 < 21)) {
      throw new IllegalArgumentException("dilutionO2 must be in (0, 21) %, got " + b.dilutionO2);
    }
    dilutionO2 = b.dilutionO2;
    dilutionAfter = positive(b.dilutionAfter, "dilutionAfter");
    reportedAbsoluteTolerance = nonNegative(b.reportedAbsoluteTolerance, "reportedAbsolute");
    reportedRelativeTolerance = nonNegative(b.reportedRelativeTolerance, "reportedRelative");
    clockSkewLimit = positive(b.clockSkewLimit, "clockSkewLimit");
    clockSkewJitter = positive(b.clockSkewJitter, "clockSkewJitter");
    clockSkewPersistence = positive(b.clockSkewPersistence, "clockSkewPersistence");
    duplicateMemory = atLeast(b.duplicateMemory, 1, "duplicateMemory");
    idleEnergyShare = share(b.idleEnergyShare, "idleEnergyShare");
    referenceDays = atLeast(b.referenceDays, 1, "referenceDays");
    switches = Objects.requireNonNull(b.switches, "switches");
  }

  /** A builder holding the documented defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.offlineAfter = offlineAfter;
    b.processingFallback = processingFallback;
    b.clearEvents = clearEvents;
    b.minClearPeriod = minClearPeriod;
    b.minMonthlyCapture = minMonthlyCapture;
    b.maxFlaggedShare = maxFlaggedShare;
    b.manualLookback = manualLookback;
    b.flatlineAfter = flatlineAfter;
    b.flatAbsoluteTolerance = flatAbsoluteTolerance;
    b.flatRelativeTolerance = flatRelativeTolerance;
    b.flatAbsoluteToleranceByParameter = new LinkedHashMap<>(flatAbsoluteToleranceByParameter);
    b.runningFlow = runningFlow;
    b.rangeFactor = rangeFactor;
    b.analyserRange = new LinkedHashMap<>(analyserRange);
    b.zeroDropAfter = zeroDropAfter;
    b.zeroShareOfLimit = zeroShareOfLimit;
    b.zeroLevel = zeroLevel;
    b.zeroLevelByParameter = new LinkedHashMap<>(zeroLevelByParameter);
    b.operatingFlowShare = operatingFlowShare;
    b.flowReferenceWeight = flowReferenceWeight;
    b.dilutionO2 = dilutionO2;
    b.dilutionAfter = dilutionAfter;
    b.reportedAbsoluteTolerance = reportedAbsoluteTolerance;
    b.reportedRelativeTolerance = reportedRelativeTolerance;
    b.clockSkewLimit = clockSkewLimit;
    b.clockSkewJitter = clockSkewJitter;
    b.clockSkewPersistence = clockSkewPersistence;
    b.duplicateMemory = duplicateMemory;
    b.idleEnergyShare = idleEnergyShare;
    b.referenceDays = referenceDays;
    b.switches = switches;
    return b;
  }

  /**
   * This configuration with an outlet's overrides from the registry ({@code detectors} map: setting
   * name, or {@code name.parameterCode} for per-parameter settings, to a number).
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
      switch (base) {
        case "offlineAfterMinutes" -> b.offlineAfter = minutes(v, name, code);
        case "flatlineAfterMinutes" -> b.flatlineAfter = minutes(v, name, code);
        case "flatRelativeTolerance" -> b.flatRelativeTolerance = plain(v, name, code);
        case "flatAbsoluteTolerance" -> {
          if (code == null) {
            b.flatAbsoluteTolerance = v;
          } else {
            b.flatAbsoluteToleranceByParameter.put(code, v);
          }
        }
        case "runningFlow" -> b.runningFlow = plain(v, name, code);
        case "analyserRange" -> {
          if (code == null) {
            throw new IllegalArgumentException(
                "detector setting 'analyserRange' needs a parameter code: analyserRange.<code>");
          }
          if (!(v > 0)) {
            throw new IllegalArgumentException("detector setting '" + name + "' must be > 0");
          }
          b.analyserRange.put(code, v);
        }
        case "zeroDropAfterMinutes" -> b.zeroDropAfter = minutes(v, name, code);
        case "zeroShareOfLimit" -> b.zeroShareOfLimit = plain(v, name, code);
        case "zeroLevel" -> {
          if (code == null) {
            b.zeroLevel = v;
          } else {
            b.zeroLevelByParameter.put(code, v);
          }
        }
        case "operatingFlowShare" -> b.operatingFlowShare = plain(v, name, code);
        case "dilutionO2" -> b.dilutionO2 = plain(v, name, code);
        case "dilutionAfterMinutes" -> b.dilutionAfter = minutes(v, name, code);
        case "maxFlaggedShare" -> b.maxFlaggedShare = plain(v, name, code);
        default ->
            throw new IllegalArgumentException(
                "unknown detector setting '"
                    + name
                    + "'; known: offlineAfterMinutes, flatlineAfterMinutes, flatRelativeTolerance,"
                    + " flatAbsoluteTolerance[.code], runningFlow, analyserRange.code,"
                    + " zeroDropAfterMinutes, zeroShareOfLimit, zeroLevel[.code],"
                    + " operatingFlowShare, dilutionO2, dilutionAfterMinutes, maxFlaggedShare");
      }
    }
    return b.build();
  }

  private static double plain(double v, String name, String code) {
    if (code != null) {
      throw new IllegalArgumentException(
          "detector setting '" + name + "' is per outlet, not per parameter");
    }
    return v;
  }

  private static Duration minutes(double v, String name, String code) {
    plain(v, name, code);
    if (!(v > 0)) {
      throw new IllegalArgumentException("detector setting '" + name + "' must be > 0 minutes");
    }
    return Duration.ofMillis(Math.round(v * 60_000));
  }

  private static Map<String, Double> copy(Map<String, Double> m) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  private static Duration positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
    }
    return d;
  }

  private static int atLeast(int v, int min, String name) {
    if (v < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", got " + v);
    }
    return v;
  }

  private static double share(double v, String name) {
    if (!(v > 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " must be in (0, 1], got " + v);
    }
    return v;
  }

  private static double nonNegative(double v, String name) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(name + " must be a number >= 0, got " + v);
    }
    return v;
  }

  /** D1: silence that makes a meter offline (30 min). */
  public Duration offlineAfter() {
    return offlineAfter;
  }

  /** D1: whether a processing-time timer also reports silence when the watermark stalls (on). */
  public boolean processingFallback() {
    return processingFallback;
  }

  /** Episode detectors: clear events sent after an episode ends (2, the case manager's K). */
  public int clearEvents() {
    return clearEvents;
  }

  /** Episode detectors: the shortest spacing of clear events (15 min). */
  public Duration minClearPeriod() {
    return minClearPeriod;
  }

  /** D2: smallest monthly capture of a counter meter (0.9). */
  public double minMonthlyCapture() {
    return minMonthlyCapture;
  }

  /** D3: largest share of a day's hours under M, C, D, F or S flags (0.10). */
  public double maxFlaggedShare() {
    return maxFlaggedShare;
  }

  /** D3: how far back an exceeding valid hour makes a later S hour suspicious (3 h). */
  public Duration manualLookback() {
    return manualLookback;
  }

  /** D4: unchanged value that raises a flatline (60 min). */
  public Duration flatlineAfter() {
    return flatlineAfter;
  }

  /** D4: tolerance of "unchanged" for a parameter: its own absolute one, else the default. */
  public double flatAbsoluteTolerance(String parameter) {
    return flatAbsoluteToleranceByParameter.getOrDefault(parameter, flatAbsoluteTolerance);
  }

  /** D4: tolerance relative to the episode's first value (0). */
  public double flatRelativeTolerance() {
    return flatRelativeTolerance;
  }

  /** D4: flow above which the source is running (0). */
  public double runningFlow() {
    return runningFlow;
  }

  /** D5: how far beyond the analyser's range a value is impossible (1.5 × range). */
  public double rangeFactor() {
    return rangeFactor;
  }

  /** D5: the analyser's range for a parameter, or {@code null} when not known. */
  public Double analyserRange(String parameter) {
    return analyserRange.get(parameter);
  }

  /** D6: near-zero concentration at operating flow that raises a zero drop (15 min). */
  public Duration zeroDropAfter() {
    return zeroDropAfter;
  }

  /** D6: near zero as a share of the limit in force (0.05). */
  public double zeroShareOfLimit() {
    return zeroShareOfLimit;
  }

  /**
   * D6: near zero for a parameter without a limit: the level configured for it, else its analysers'
   * detection limit from the parameter catalogue, else the default (1.0).
   */
  public double zeroLevel(String parameter) {
    Double configured = zeroLevelByParameter.get(parameter);
    if (configured != null) {
      return configured;
    }
    return ParameterCatalogue.byCode(parameter)
        .map(Parameter::detectionLimit)
        .filter(Objects::nonNull)
        .orElse(zeroLevel);
  }

  /** D6, D7: flow at or above this share of the reference flow is at operating level (0.8). */
  public double operatingFlowShare() {
    return operatingFlowShare;
  }

  /** D6, D7: weight of a new flow value in the reference flow's moving average (1/720). */
  public double flowReferenceWeight() {
    return flowReferenceWeight;
  }

  /** D7: O2 in % above which flue gas at operating flow is diluted (19). */
  public double dilutionO2() {
    return dilutionO2;
  }

  /** D7: dilution that raises a case (15 min). */
  public Duration dilutionAfter() {
    return dilutionAfter;
  }

  /** D8: absolute tolerance of device versus recomputed figures (0.1). */
  public double reportedAbsoluteTolerance() {
    return reportedAbsoluteTolerance;
  }

  /** D8: relative tolerance of device versus recomputed figures (0.05). */
  public double reportedRelativeTolerance() {
    return reportedRelativeTolerance;
  }

  /** D9: data time this far from receive time is skewed (10 min). */
  public Duration clockSkewLimit() {
    return clockSkewLimit;
  }

  /** D9: how much a steady skew may vary (2 min). */
  public Duration clockSkewJitter() {
    return clockSkewJitter;
  }

  /** D9: receive-time span of a steady skew that raises a case (5 min). */
  public Duration clockSkewPersistence() {
    return clockSkewPersistence;
  }

  /** D9: readings a meter remembers to spot conflicting duplicates (64). */
  public int duplicateMemory() {
    return duplicateMemory;
  }

  /** D10: energy share of the reference day that counts as use without production (0.3). */
  public double idleEnergyShare() {
    return idleEnergyShare;
  }

  /** D10: production days the reference daily energy averages (7). */
  public int referenceDays() {
    return referenceDays;
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
    return o instanceof DetectorConfig c && toBuilder().fields().equals(c.toBuilder().fields());
  }

  @Override
  public int hashCode() {
    return toBuilder().fields().hashCode();
  }

  @Override
  public String toString() {
    return "DetectorConfig" + toBuilder().fields();
  }

  /** Sets detector thresholds; {@link #build()} checks them. Starts from the defaults. */
  public static final class Builder {
    private Duration offlineAfter = Duration.ofMinutes(30);
    private boolean processingFallback = true;
    private int clearEvents = 2;
    private Duration minClearPeriod = Duration.ofMinutes(15);
    private double minMonthlyCapture = 0.9;
    private double maxFlaggedShare = 0.10;
    private Duration manualLookback = Duration.ofHours(3);
    private Duration flatlineAfter = Duration.ofMinutes(60);
    // Only rounding-exact repeats are "unchanged" by default: a live analyser's noise moves the
    // last digit within minutes, a stuck one repeats it exactly.
    private double flatAbsoluteTolerance = 1e-6;
    private double flatRelativeTolerance = 0;
    private Map<String, Double> flatAbsoluteToleranceByParameter = new LinkedHashMap<>();
    private double runningFlow = 0;
    private double rangeFactor = 1.5;
    private Map<String, Double> analyserRange = new LinkedHashMap<>();
    private Duration zeroDropAfter = Duration.ofMinutes(15);
    private double zeroShareOfLimit = 0.05;
    private double zeroLevel = 1.0;
    private Map<String, Double> zeroLevelByParameter = new LinkedHashMap<>();
    private double operatingFlowShare = 0.8;
    // About six hours of 30-second data: slow enough that a bypass or dilution of 15 min to a few
    // hours does not drag the reference along, fast enough to follow a plant's load changes.
    private double flowReferenceWeight = 1.0 / 720;
    private double dilutionO2 = 19.0;
    private Duration dilutionAfter = Duration.ofMinutes(15);
    private double reportedAbsoluteTolerance = 0.1;
    private double reportedRelativeTolerance = 0.05;
    private Duration clockSkewLimit = Duration.ofMinutes(10);
    private Duration clockSkewJitter = Duration.ofMinutes(2);
    private Duration clockSkewPersistence = Duration.ofMinutes(5);
    private int duplicateMemory = 64;
    private double idleEnergyShare = 0.3;
    private int referenceDays = 7;
    private DetectorSwitches switches = DetectorSwitches.ALL;

    private Builder() {}

    /** Which detectors run (default all). */
    public Builder switches(DetectorSwitches s) {
      switches = s;
      return this;
    }

    public Builder offlineAfter(Duration d) {
      offlineAfter = d;
      return this;
    }

    public Builder processingFallback(boolean on) {
      processingFallback = on;
      return this;
    }

    public Builder clearEvents(int n) {
      clearEvents = n;
      return this;
    }

    public Builder minClearPeriod(Duration d) {
      minClearPeriod = d;
      return this;
    }

    public Builder minMonthlyCapture(double v) {
      minMonthlyCapture = v;
      return this;
    }

    public Builder maxFlaggedShare(double v) {
      maxFlaggedShare = v;
      return this;
    }

    public Builder manualLookback(Duration d) {
      manualLookback = d;
      return this;
    }

    public Builder flatlineAfter(Duration d) {
      flatlineAfter = d;
      return this;
    }

    public Builder flatAbsoluteTolerance(double v) {
      flatAbsoluteTolerance = v;
      return this;
    }

    public Builder flatAbsoluteTolerance(String parameter, double v) {
      flatAbsoluteToleranceByParameter.put(parameter, v);
      return this;
    }

    public Builder flatRelativeTolerance(double v) {
      flatRelativeTolerance = v;
      return this;
    }

    public Builder runningFlow(double v) {
      runningFlow = v;
      return this;
    }

    public Builder rangeFactor(double v) {
      rangeFactor = v;
      return this;
    }

    public Builder analyserRange(String parameter, double range) {
      analyserRange.put(parameter, range);
      return this;
    }

    public Builder zeroDropAfter(Duration d) {
      zeroDropAfter = d;
      return this;
    }

    public Builder zeroShareOfLimit(double v) {
      zeroShareOfLimit = v;
      return this;
    }

    public Builder zeroLevel(double v) {
      zeroLevel = v;
      return this;
    }

    public Builder zeroLevel(String parameter, double v) {
      zeroLevelByParameter.put(parameter, v);
      return this;
    }

    public Builder operatingFlowShare(double v) {
      operatingFlowShare = v;
      return this;
    }

    public Builder flowReferenceWeight(double v) {
      flowReferenceWeight = v;
      return this;
    }

    public Builder dilutionO2(double v) {
      dilutionO2 = v;
      return this;
    }

    public Builder dilutionAfter(Duration d) {
      dilutionAfter = d;
      return this;
    }

    public Builder reportedTolerance(double absolute, double relative) {
      reportedAbsoluteTolerance = absolute;
      reportedRelativeTolerance = relative;
      return this;
    }

    public Builder clockSkew(Duration limit, Duration jitter, Duration persistence) {
      clockSkewLimit = limit;
      clockSkewJitter = jitter;
      clockSkewPersistence = persistence;
      return this;
    }

    public Builder duplicateMemory(int n) {
      duplicateMemory = n;
      return this;
    }

    public Builder idleEnergyShare(double v) {
      idleEnergyShare = v;
      return this;
    }

    public Builder referenceDays(int n) {
      referenceDays = n;
      return this;
    }

    /** The configuration, checked. */
    public DetectorConfig build() {
      return new DetectorConfig(this);
    }

    private java.util.List<Object> fields() {
      return java.util.Arrays.asList(
          offlineAfter,
          processingFallback,
          clearEvents,
          minClearPeriod,
          minMonthlyCapture,
          maxFlaggedShare,
          manualLookback,
          flatlineAfter,
          flatAbsoluteTolerance,
          flatRelativeTolerance,
          flatAbsoluteToleranceByParameter,
          runningFlow,
          rangeFactor,
          analyserRange,
          zeroDropAfter,
          zeroShareOfLimit,
          zeroLevel,
          zeroLevelByParameter,
          operatingFlowShare,
          flowReferenceWeight,
          dilutionO2,
          dilutionAfter,
          reportedAbsoluteTolerance,
          reportedRelativeTolerance,
          clockSkewLimit,
          clockSkewJitter,
          clockSkewPersistence,
          duplicateMemory,
          idleEnergyShare,
          referenceDays,
          switches);
    }
  }
}
