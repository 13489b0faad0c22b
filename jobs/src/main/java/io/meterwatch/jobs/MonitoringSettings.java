package io.meterwatch.jobs;

import io.meterwatch.core.quality.DetectorConfig;
import io.meterwatch.core.rules.RuleConfig;
import io.meterwatch.core.rules.ValidityConfig;
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

  /** Builder with the documented defaults; {@link #build()} checks them. */
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

    public Builder outOfOrderness(Duration d) {
      this.outOfOrderness = d;
      return this;
    }

    public Builder idleness(Duration d) {
      this.idleness = d;
      return this;
    }

    public Builder allowedLateness(Duration d) {
      this.allowedLateness = d;
      return this;
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
      if (outOfOrderness == null || outOfOrderness.isNegative()) {
        throw new IllegalArgumentException("out-of-orderness must be zero or positive");
      }
      if (idleness == null || idleness.isNegative() || idleness.isZero()) {
        throw new IllegalArgumentException("idleness must be positive");
      }
      if (allowedLateness == null || allowedLateness.isNegative()) {
        throw new IllegalArgumentException("allowed lateness must be zero or positive");
      }
      if (allowedLateness.compareTo(Duration.ofDays(7)) > 0) {
        throw new IllegalArgumentException(
            "allowed lateness above 7 days keeps too much window state: " + allowedLateness);
      }
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
