package io.meterwatch.core.rules;

import java.io.Serializable;

/**
 * Thresholds of the HJ 212-2017 Annex D / HJ 75 validity rules as meterwatch applies them
 * (docs/rules.md, "Validity").
 *
 * @param minValidReadingsPerMinute valid (flag N) real-time readings a minute needs. Default 1: the
 *     standard's "12 readings per minute" assumes 5-second sampling inside the analyser; devices
 *     upload every 30 s, so a minute holds at most 2 uploads and requiring both would make every
 *     lost packet void a minute. Set 2 for the strict reading.
 * @param minNormalShare share of an aggregate's inputs that must be normal for the aggregate to be
 *     normal (75 %): a minute with one N and one C reading is not a valid minute, an hour whose
 *     minutes are mostly under calibration is flagged C
 * @param minValidMinutesPerHour valid minutes a valid hour needs (45)
 * @param minValidHoursPerDay valid hours a valid day needs (20)
 * @param maxO2ForConversion measured O2 in % at or above which a value is not converted to the
 *     reference O2 (20.0): the factor (21 − O2ref)/(21 − O2) grows without bound near ambient air,
 *     so such hours are reported but not judged
 * @param deviceMinuteIntervalMinutes how many minutes one device minute value (CN 2051) stands for
 *     when the device sends no real-time data (10, the typical upload interval); a newer minute
 *     value starts its own period
 */
public record ValidityConfig(
    int minValidReadingsPerMinute,
    double minNormalShare,
    int minValidMinutesPerHour,
    int minValidHoursPerDay,
    double maxO2ForConversion,
    int deviceMinuteIntervalMinutes)
    implements Serializable {

  /** The documented defaults. */
  public static final ValidityConfig DEFAULTS = new ValidityConfig(1, 0.75, 45, 20, 20.0, 10);

  public ValidityConfig {
    if (minValidReadingsPerMinute < 1) {
      throw new IllegalArgumentException("minValidReadingsPerMinute must be >= 1");
    }
    if (!(minNormalShare > 0 && minNormalShare <= 1)) {
      throw new IllegalArgumentException("minNormalShare must be in (0, 1]");
    }
    if (minValidMinutesPerHour < 1 || minValidMinutesPerHour > 60) {
      throw new IllegalArgumentException("minValidMinutesPerHour must be in 1..60");
    }
    if (minValidHoursPerDay < 1 || minValidHoursPerDay > 24) {
      throw new IllegalArgumentException("minValidHoursPerDay must be in 1..24");
    }
    if (!(maxO2ForConversion > 0 && maxO2ForConversion < 21)) {
      throw new IllegalArgumentException("maxO2ForConversion must be in (0, 21)");
    }
    if (deviceMinuteIntervalMinutes < 1 || deviceMinuteIntervalMinutes > 60) {
      throw new IllegalArgumentException("deviceMinuteIntervalMinutes must be in 1..60");
    }
  }

  /** Whether a minute with these counts of readings is a valid minute. */
  public boolean validMinute(int validReadings, int allReadings) {
    return validReadings >= minValidReadingsPerMinute && normal(validReadings, allReadings);
  }

  /**
   * The 75 % rule: whether an aggregate of {@code all} inputs, {@code normal} of them normal, is.
   */
  public boolean normal(int normalInputs, int allInputs) {
    return allInputs > 0 && normalInputs >= minNormalShare * allInputs;
  }
}
