package io.meterwatch.simulator.manifest;

import java.time.Duration;

/**
 * The rule thresholds the manifest's expected cases are derived with: the documented defaults of
 * docs/rules.md (issue 6 for the detectors). A job run with other thresholds needs a manifest
 * written with the same ones.
 *
 * @param validMinutesPerHour valid minutes of a valid hour (45)
 * @param validHoursPerDay valid hours of a valid day (20)
 * @param maxO2ForConversion O2 at or above which an hour is not converted nor judged (20 %)
 * @param offline silence that opens D1 (30 min)
 * @param flatline unchanged value that opens D4 (60 min)
 * @param zeroDrop near-zero concentration at operating flow that opens D6 (15 min)
 * @param dilution O2 above {@code dilutionO2} at high flow that opens D7 (15 min)
 * @param dilutionO2 the O2 of D7 (19 %)
 * @param clockSkew device clock error that opens D9 (10 min)
 * @param flaggedShare share of a day's hours under M, C, D, F or S flags that opens D3 (0.1)
 * @param idleEnergyShare share of the reference daily energy a day without output must use to open
 *     D10 (0.3)
 */
public record DetectorThresholds(
    int validMinutesPerHour,
    int validHoursPerDay,
    double maxO2ForConversion,
    Duration offline,
    Duration flatline,
    Duration zeroDrop,
    Duration dilution,
    double dilutionO2,
    Duration clockSkew,
    double flaggedShare,
    double idleEnergyShare) {

  /** The documented defaults. */
  public static final DetectorThresholds DEFAULTS =
      new DetectorThresholds(
          45,
          20,
          20.0,
          Duration.ofMinutes(30),
          Duration.ofMinutes(60),
          Duration.ofMinutes(15),
          Duration.ofMinutes(15),
          19.0,
          Duration.ofMinutes(10),
          0.1,
          0.3);
}
