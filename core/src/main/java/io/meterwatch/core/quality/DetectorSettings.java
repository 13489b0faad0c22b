package io.meterwatch.core.quality;

import static io.meterwatch.core.cases.Rule.D1;
import static io.meterwatch.core.cases.Rule.D10;
import static io.meterwatch.core.cases.Rule.D2;
import static io.meterwatch.core.cases.Rule.D3;
import static io.meterwatch.core.cases.Rule.D4;
import static io.meterwatch.core.cases.Rule.D5;
import static io.meterwatch.core.cases.Rule.D6;
import static io.meterwatch.core.cases.Rule.D7;
import static io.meterwatch.core.cases.Rule.D8;
import static io.meterwatch.core.cases.Rule.D9;

import io.meterwatch.core.cases.Rule;
import io.meterwatch.core.quality.DetectorSetting.Bound;
import io.meterwatch.core.quality.DetectorSetting.PerParameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Every threshold of the data verification detectors D1–D10, declared once (docs/rules.md,
 * "Detector settings"). The settings an outlet may override in the registry come first, in the
 * order the "known: …" list of an unknown override names them.
 */
public final class DetectorSettings {
  private static final List<DetectorSetting<?>> DECLARED = new ArrayList<>();

  // ------------------------------------------------------------ overridable per outlet

  public static final DetectorSetting<Duration> OFFLINE_AFTER =
      outlet(
          "offlineAfter",
          Duration.ofMinutes(30),
          Bound.POSITIVE_DURATION,
          "silence that makes a meter offline",
          D1);
  public static final DetectorSetting<Duration> FLATLINE_AFTER =
      outlet(
          "flatlineAfter",
          Duration.ofMinutes(60),
          Bound.POSITIVE_DURATION,
          "unchanged value that raises a flatline",
          D4);
  public static final DetectorSetting<Double> FLAT_RELATIVE_TOLERANCE =
      outlet(
          "flatRelativeTolerance",
          0.0,
          Bound.NON_NEGATIVE,
          "tolerance of \"unchanged\" relative to the episode's first value",
          D4);

  /**
   * Only rounding-exact repeats are "unchanged" by default: a live analyser's noise moves the last
   * digit within minutes, a stuck one repeats it exactly.
   */
  public static final DetectorSetting<Double> FLAT_ABSOLUTE_TOLERANCE =
      declare(
          "flatAbsoluteTolerance",
          Double.class,
          1e-6,
          Bound.NON_NEGATIVE,
          true,
          PerParameter.OPTIONAL,
          "absolute tolerance of \"unchanged\"",
          D4);

  public static final DetectorSetting<Double> RUNNING_FLOW =
      outlet("runningFlow", 0.0, Bound.NON_NEGATIVE, "flow above which the source is running", D4);
  public static final DetectorSetting<Double> ANALYSER_RANGE =
      declare(
          "analyserRange",
          Double.class,
          null,
          Bound.POSITIVE,
          true,
          PerParameter.ONLY,
          "the analyser's range of a parameter (D5 judges values beyond rangeFactor times it)",
          D5);
  public static final DetectorSetting<Duration> ZERO_DROP_AFTER =
      outlet(
          "zeroDropAfter",
          Duration.ofMinutes(15),
          Bound.POSITIVE_DURATION,
          "near-zero concentration at operating flow that raises a zero drop",
          D6);
  public static final DetectorSetting<Double> ZERO_SHARE_OF_LIMIT =
      outlet(
          "zeroShareOfLimit", 0.05, Bound.SHARE, "near zero as a share of the limit in force", D6);

  /**
   * Near zero for a parameter without a limit: per parameter, else the catalogue's detection limit,
   * else this.
   */
  public static final DetectorSetting<Double> ZERO_LEVEL =
      declare(
          "zeroLevel",
          Double.class,
          1.0,
          Bound.NON_NEGATIVE,
          true,
          PerParameter.OPTIONAL,
          "near zero for a parameter without a limit (else its detection limit in the parameter catalogue)",
          D6);

  public static final DetectorSetting<Double> OPERATING_FLOW_SHARE =
      outlet(
          "operatingFlowShare",
          0.8,
          Bound.SHARE,
          "flow at or above this share of the reference flow is at operating level",
          D6,
          D7);
  public static final DetectorSetting<Double> DILUTION_O2 =
      outlet(
          "dilutionO2",
          19.0,
          Bound.O2_PERCENT,
          "O2 in % above which flue gas at operating flow is diluted",
          D7);
  public static final DetectorSetting<Duration> DILUTION_AFTER =
      outlet(
          "dilutionAfter",
          Duration.ofMinutes(15),
          Bound.POSITIVE_DURATION,
          "dilution that raises a case",
          D7);
  public static final DetectorSetting<Double> MAX_FLAGGED_SHARE =
      outlet(
          "maxFlaggedShare",
          0.10,
          Bound.SHARE,
          "largest share of a day's hours under M, C, D, F or S flags",
          D3);

  // ------------------------------------------------------------------------- job-wide

  public static final DetectorSetting<Boolean> PROCESSING_FALLBACK =
      job(
          "processingFallback",
          Boolean.class,
          true,
          Bound.ON_OFF,
          "a processing-time timer also reports silence when the watermark stalls",
          D1);
  public static final DetectorSetting<Integer> CLEAR_EVENTS =
      job(
          "clearEvents",
          Integer.class,
          2,
          Bound.AT_LEAST_ONE,
          "clear events sent after an episode ends (the case manager's recovery windows)",
          D1,
          D4,
          D5,
          D6,
          D7,
          D9);
  public static final DetectorSetting<Duration> MIN_CLEAR_PERIOD =
      job(
          "minClearPeriod",
          Duration.class,
          Duration.ofMinutes(15),
          Bound.POSITIVE_DURATION,
          "the shortest spacing of clear events",
          D1,
          D4,
          D5,
          D6,
          D7,
          D9);
  public static final DetectorSetting<Double> MIN_MONTHLY_CAPTURE =
      job(
          "minMonthlyCapture",
          Double.class,
          0.9,
          Bound.SHARE,
          "smallest monthly capture of a counter meter",
          D2);
  public static final DetectorSetting<Duration> MANUAL_LOOKBACK =
      job(
          "manualLookback",
          Duration.class,
          Duration.ofHours(3),
          Bound.POSITIVE_DURATION,
          "how far back an exceeding valid hour makes a later S hour suspicious",
          D3);
  public static final DetectorSetting<Double> RANGE_FACTOR =
      job(
          "rangeFactor",
          Double.class,
          1.5,
          Bound.AT_LEAST_ONE,
          "how far beyond the analyser's range a value is impossible",
          D5);

  /**
   * About six hours of 30-second data: slow enough that a bypass or dilution of 15 min to a few
   * hours does not drag the reference along, fast enough to follow a plant's load changes.
   */
  public static final DetectorSetting<Double> FLOW_REFERENCE_WEIGHT =
      job(
          "flowReferenceWeight",
          Double.class,
          1.0 / 720,
          Bound.SHARE,
          "weight of a new flow value in the reference flow's moving average (1/720: about six hours of 30-s data)",
          D6,
          D7);

  public static final DetectorSetting<Double> REPORTED_ABSOLUTE_TOLERANCE =
      job(
          "reportedAbsoluteTolerance",
          Double.class,
          0.1,
          Bound.NON_NEGATIVE,
          "absolute tolerance of device versus recomputed figures",
          D8);
  public static final DetectorSetting<Double> REPORTED_RELATIVE_TOLERANCE =
      job(
          "reportedRelativeTolerance",
          Double.class,
          0.05,
          Bound.NON_NEGATIVE,
          "relative tolerance of device versus recomputed figures",
          D8);
  public static final DetectorSetting<Duration> CLOCK_SKEW_LIMIT =
      job(
          "clockSkewLimit",
          Duration.class,
          Duration.ofMinutes(10),
          Bound.POSITIVE_DURATION,
          "data time this far from receive time is skewed",
          D9);
  public static final DetectorSetting<Duration> CLOCK_SKEW_JITTER =
      job(
          "clockSkewJitter",
          Duration.class,
          Duration.ofMinutes(2),
          Bound.POSITIVE_DURATION,
          "how much a steady skew may vary",
          D9);
  public static final DetectorSetting<Duration> CLOCK_SKEW_PERSISTENCE =
      job(
          "clockSkewPersistence",
          Duration.class,
          Duration.ofMinutes(5),
          Bound.POSITIVE_DURATION,
          "receive-time span of a steady skew that raises a case",
          D9);
  public static final DetectorSetting<Integer> DUPLICATE_MEMORY =
      job(
          "duplicateMemory",
          Integer.class,
          64,
          Bound.AT_LEAST_ONE,
          "readings a meter remembers to spot conflicting duplicates",
          D9);
  public static final DetectorSetting<Double> IDLE_ENERGY_SHARE =
      job(
          "idleEnergyShare",
          Double.class,
          0.3,
          Bound.SHARE,
          "energy share of the reference day that counts as use without production",
          D10);
  public static final DetectorSetting<Integer> REFERENCE_DAYS =
      job(
          "referenceDays",
          Integer.class,
          7,
          Bound.AT_LEAST_ONE,
          "production days the reference daily energy averages",
          D10);

  /**
   * A week: long after D1 reported the silence and the last open day or month was judged, short
   * enough that meters taken out of service do not pile up in the job's state.
   */
  public static final DetectorSetting<Duration> QUIET_RETENTION =
      job(
          "quietRetention",
          Duration.class,
          Duration.ofDays(7),
          Bound.POSITIVE_DURATION,
          "event time a quiet meter's (or enterprise's) detector state outlives its last silence report or open period",
          D1,
          D2,
          D3,
          D4,
          D5,
          D6,
          D7,
          D8,
          D9,
          D10);

  /** Every setting, in declaration order. */
  public static final List<DetectorSetting<?>> ALL = Collections.unmodifiableList(DECLARED);

  private DetectorSettings() {}

  private static <T> DetectorSetting<T> declare(
      String key,
      Class<T> type,
      T defaultValue,
      Bound bound,
      boolean perOutlet,
      PerParameter perParameter,
      String description,
      Rule... rules) {
    DetectorSetting<T> s =
        new DetectorSetting<>(
            DECLARED.size(),
            key,
            type,
            defaultValue,
            bound,
            List.of(rules),
            perOutlet,
            perParameter,
            description);
    DECLARED.add(s);
    return s;
  }

  @SuppressWarnings("unchecked")
  private static <T> DetectorSetting<T> outlet(
      String key, T defaultValue, Bound bound, String description, Rule... rules) {
    return declare(
        key,
        (Class<T>) defaultValue.getClass(),
        defaultValue,
        bound,
        true,
        PerParameter.NO,
        description,
        rules);
  }

  private static <T> DetectorSetting<T> job(
      String key, Class<T> type, T defaultValue, Bound bound, String description, Rule... rules) {
    return declare(key, type, defaultValue, bound, false, PerParameter.NO, description, rules);
  }

  /** The setting an outlet's {@code detectors} map names {@code overrideKey}, if any. */
  public static Optional<DetectorSetting<?>> byOverrideKey(String overrideKey) {
    for (DetectorSetting<?> s : ALL) {
      if (overrideKey.equals(s.overrideKey())) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The names an outlet's {@code detectors} map knows, as the "known: …" list writes them. */
  public static String knownOverrides() {
    StringJoiner j = new StringJoiner(", ");
    for (DetectorSetting<?> s : ALL) {
      if (s.perOutlet()) {
        j.add(s.overrideSyntax());
      }
    }
    return j.toString();
  }

  /** The settings table of docs/rules.md, generated from the declarations. */
  public static String markdownTable() {
    StringBuilder b = new StringBuilder();
    b.append("| setting | detectors | default | bounds | registry override | meaning |\n");
    b.append("|---|---|---|---|---|---|\n");
    for (DetectorSetting<?> s : ALL) {
      StringJoiner rules = new StringJoiner(", ");
      s.rules().forEach(r -> rules.add(r.id()));
      b.append("| `")
          .append(s.key())
          .append("` | ")
          .append(rules)
          .append(" | ")
          .append(s.defaultText())
          .append(" | ")
          .append(s.bound().text())
          .append(" | ")
          .append(s.perOutlet() ? "`" + s.overrideSyntax() + "`" : "job-wide")
          .append(" | ")
          .append(s.description())
          .append(" |\n");
    }
    return b.toString();
  }
}
