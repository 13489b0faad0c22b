package io.meterwatch.simulator.scenario;

import io.meterwatch.core.time.DurationText;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;

/**
 * A simulation scenario: when it starts, how long it runs, how devices report and behave, and the
 * faults to inject. Read from YAML by {@link ScenarioLoader}; format in docs/simulator.md.
 *
 * @param name short name, e.g. {@code demo-city-default}
 * @param description what it is for
 * @param start local start time in the registry's zone (DataTime of the first reading)
 * @param duration simulated time span
 * @param intervals reporting intervals
 * @param baseline how clean devices behave
 * @param faults the faults, in file order
 */
public record Scenario(
    String name,
    String description,
    LocalDateTime start,
    Duration duration,
    Intervals intervals,
    Baseline baseline,
    List<FaultSpec> faults) {

  public Scenario {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(duration, "duration");
    intervals = intervals == null ? Intervals.DEFAULT : intervals;
    baseline = baseline == null ? Baseline.DEFAULT : baseline;
    faults = faults == null ? List.of() : List.copyOf(faults);
  }

  /** This scenario with another start. */
  public Scenario withStart(LocalDateTime s) {
    return new Scenario(name, description, s, duration, intervals, baseline, faults);
  }

  /** This scenario with another duration. */
  public Scenario withDuration(Duration d) {
    return new Scenario(name, description, start, d, intervals, baseline, faults);
  }

  /** This scenario without faults (the clean baseline of the same city and time span). */
  public Scenario withoutFaults() {
    return new Scenario(name, description, start, duration, intervals, baseline, List.of());
  }

  /**
   * How often devices report.
   *
   * @param realTime CEMS and wastewater real-time data (CN 2011), HJ 212's typical 30 s
   * @param minute minute aggregates (CN 2051); 1 min so that hourly validity (45 valid minutes) can
   *     be judged
   * @param counter energy and production meter register readings (CN 2011)
   */
  public record Intervals(Duration realTime, Duration minute, Duration counter) {
    public static final Intervals DEFAULT =
        new Intervals(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(15));

    public Intervals {
      realTime = realTime == null ? Duration.ofSeconds(30) : realTime;
      minute = minute == null ? Duration.ofMinutes(1) : minute;
      counter = counter == null ? Duration.ofMinutes(15) : counter;
      if (realTime.isNegative() || realTime.isZero()) {
        throw new IllegalArgumentException("intervals.realTime must be positive");
      }
      for (Duration d : List.of(minute, counter, Duration.ofHours(1))) {
        if (d.toMillis() % realTime.toMillis() != 0) {
          throw new IllegalArgumentException(
              "intervals must be whole multiples of realTime ("
                  + DurationText.format(realTime)
                  + "): "
                  + DurationText.format(d));
        }
      }
      if (Duration.ofHours(1).toMillis() % minute.toMillis() != 0) {
        throw new IllegalArgumentException("intervals.minute must divide one hour");
      }
    }
  }

  /**
   * How clean devices behave.
   *
   * @param fraction converted concentration as a fraction of the limit in force at full load
   * @param noise relative standard deviation of measurement noise (clipped at 3 sigma)
   * @param energyIntensity energy per tonne of product as a fraction of the mandatory quota
   */
  public record Baseline(Double fraction, Double noise, Double energyIntensity) {
    public static final Baseline DEFAULT = new Baseline(0.5, 0.03, 0.85);

    public Baseline {
      fraction = fraction == null ? 0.5 : fraction;
      noise = noise == null ? 0.03 : noise;
      energyIntensity = energyIntensity == null ? 0.85 : energyIntensity;
      if (fraction <= 0 || fraction * (1.1 + 3 * noise) >= 1) {
        throw new IllegalArgumentException(
            "baseline.fraction must keep clean values below the limit: fraction x (1.1 + 3 x noise)"
                + " < 1, got fraction "
                + fraction
                + " and noise "
                + noise);
      }
      if (noise < 0.005 || noise > 0.2) {
        throw new IllegalArgumentException(
            "baseline.noise must be between 0.005 (else clean values look stuck) and 0.2");
      }
      if (energyIntensity <= 0 || energyIntensity * (1 + 3 * 0.02) >= 1) {
        throw new IllegalArgumentException("baseline.energyIntensity must be in (0, 0.94)");
      }
    }
  }
}
