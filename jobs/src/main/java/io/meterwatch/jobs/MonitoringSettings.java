package io.meterwatch.jobs;

import io.meterwatch.core.quality.DetectorConfig;
import io.meterwatch.core.rules.RuleConfig;
import io.meterwatch.core.rules.ValidityConfig;
import io.meterwatch.core.time.DurationText;
import io.meterwatch.core.time.LocalCalendar;
import io.meterwatch.jobs.windows.PeriodClock;
import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Tunables of the monitoring job (docs/rules.md, "Time"); build with {@link #builder()}.
 *
 * @param calendar the zone of HJ 212 DataTime and of every local period
 * @param outOfOrderness bounded out-of-orderness of the watermarks
 * @param idleness processing time after which a silent source partition stops holding back the
 *     watermark
 * @param allowedLateness how long after a period's end back-fill still updates it
 * @param validity validity thresholds
 * @param rules rule thresholds
 * @param detectors data verification detector thresholds and which detectors run (docs/rules.md,
 *     "Data verification detectors"); outlets' registry overrides apply on top
 */
public record MonitoringSettings(
    LocalCalendar calendar,
    Duration outOfOrderness,
    Duration idleness,
    Duration allowedLateness,
    ValidityConfig validity,
    RuleConfig rules,
    DetectorConfig detectors)
    implements Serializable {

  public static Builder builder() {
    return new Builder();
  }

  /** The defaults. */
  public static MonitoringSettings defaults() {
    return builder().build();
  }

  /** The period clock of these settings. */
  public PeriodClock clock() {
    return new PeriodClock(calendar, allowedLateness);
  }

  private static final Duration MAX_LATENESS = Duration.ofDays(7);

  /** Builder with the documented defaults; each setter checks its bounds. */
  public static final class Builder {
    private ZoneId zone = LocalCalendar.DEFAULT_ZONE;
    // Devices upload every 30 s and Kafka partitions interleave: 2 minutes of disorder is absorbed
    // without a revision, and hourly results appear 2 minutes after the hour.
    private Duration outOfOrderness = Duration.ofMinutes(2);
    // Processing time: a partition with nothing for a minute (a quiet city at night, an empty
    // partition) must not stall every window.
    private Duration idleness = Duration.ofMinutes(1);
    // Devices resend old periods after outages; an hour of back-fill updates results, older data
    // is LATE. Costs one more open hour of window state per meter.
    private Duration allowedLateness = Duration.ofHours(1);
    private ValidityConfig validity = ValidityConfig.DEFAULTS;
    private RuleConfig rules = RuleConfig.DEFAULTS;
    private DetectorConfig detectors = DetectorConfig.DEFAULTS;

    private Builder() {}

    public Builder zone(ZoneId zone) {
      this.zone = zone;
      return this;
    }

    /**
     * @throws IllegalArgumentException when negative
     */
    public Builder outOfOrderness(Duration d) {
      if (d == null || d.isNegative()) {
        throw new IllegalArgumentException("must be zero or positive: " + text(d));
      }
      this.outOfOrderness = d;
      return this;
    }

    /**
     * @throws IllegalArgumentException when not positive
     */
    public Builder idleness(Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("must be positive: " + text(d));
      }
      this.idleness = d;
      return this;
    }

    /**
     * @throws IllegalArgumentException when negative or above 7 days
     */
    public Builder allowedLateness(Duration d) {
      if (d == null || d.isNegative()) {
        throw new IllegalArgumentException("must be zero or positive: " + text(d));
      }
      if (d.compareTo(MAX_LATENESS) > 0) {
        // Every meter keeps its open windows this long after their end.
        throw new IllegalArgumentException(
            "above 7d keeps too much window state: " + DurationText.format(d));
      }
      this.allowedLateness = d;
      return this;
    }

    private static String text(Duration d) {
      return d == null ? "none" : DurationText.format(d);
    }

    public Builder validity(ValidityConfig v) {
      this.validity = v;
      return this;
    }

    public Builder rules(RuleConfig r) {
      this.rules = r;
      return this;
    }

    public Builder detectors(DetectorConfig d) {
      this.detectors = d;
      return this;
    }

    public MonitoringSettings build() {
      Objects.requireNonNull(zone, "zone");
      Objects.requireNonNull(validity, "validity");
      Objects.requireNonNull(rules, "rules");
      Objects.requireNonNull(detectors, "detectors");
      return new MonitoringSettings(
          new LocalCalendar(zone),
          outOfOrderness,
          idleness,
          allowedLateness,
          validity,
          rules,
          detectors);
    }
  }
}
