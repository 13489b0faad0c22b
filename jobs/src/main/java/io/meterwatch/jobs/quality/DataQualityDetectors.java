package io.meterwatch.jobs.quality;

import io.meterwatch.core.cases.Rule;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.quality.DetectorConfig;
import io.meterwatch.core.quality.DetectorSwitches;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.rules.HourlyValue;
import io.meterwatch.core.rules.ValidityConfig;
import io.meterwatch.jobs.MonitoringJob;
import io.meterwatch.jobs.source.CompactReading;
import io.meterwatch.jobs.windows.PeriodClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;

/**
 * Wires the data verification detectors D1–D10 into the monitoring job (docs/rules.md, "Data
 * verification detectors"). Their events join the emission rules' event stream.
 */
public final class DataQualityDetectors {
  private DataQualityDetectors() {}

  /**
   * Whether the reading detectors (D1, D4, D5, D6, D7, D9) run: then the job keys every reading by
   * meter for them, and {@link #attach} needs that stream.
   */
  public static boolean judgesEveryReading(DetectorConfig config) {
    return config.switches().anyOn(Rule.D1, Rule.D4, Rule.D5, Rule.D6, Rule.D7, Rule.D9);
  }

  /**
   * Adds the detectors to a job.
   *
   * @param everyReadingByMeter every routed reading (outlet, energy and production meters) keyed by
   *     MN, {@code null} when {@link #judgesEveryReading} is false
   * @param counterReadings readings of energy and production meters
   * @param hourly the hourly values of the outlet meters
   * @param registry the site registry (outlet overrides of the settings included)
   * @param config the job-wide detector settings, with the switches saying which detectors run
   * @param validity the validity thresholds (D2 uses the valid-minute and valid-hour counts)
   * @param clock the job's local periods
   * @return the rule events of each detector operator that has a detector switched on (none when
   *     every detector is off)
   */
  public static List<DataStream<RuleEvent>> attach(
      KeyedStream<CompactReading, String> everyReadingByMeter,
      DataStream<CompactReading> counterReadings,
      DataStream<HourlyValue> hourly,
      SiteRegistry registry,
      DetectorConfig config,
      ValidityConfig validity,
      PeriodClock clock) {
    // An operator whose detectors are all switched off is not added: it would keep state for
    // nothing.
    DetectorSwitches on = config.switches();
    List<DataStream<RuleEvent>> events = new ArrayList<>();
    if (judgesEveryReading(config)) {
      events.add(
          Objects.requireNonNull(everyReadingByMeter, "everyReadingByMeter")
              .process(
                  new ReadingDetectorsFunction(registry, config, clock.calendar()),
                  TypeInformation.of(RuleEvent.class))
              .uid("dq-readings")
              .name("D1 D4 D5 D6 D7 D9 reading detectors"));
    }
    if (on.anyOn(Rule.D2, Rule.D3, Rule.D8)) {
      events.add(
          hourly
              .keyBy(new MonitoringJob.HourlyByMeter())
              .process(
                  new HourDetectorsFunction(registry, config, validity, clock),
                  TypeInformation.of(RuleEvent.class))
              .uid("dq-hours")
              .name("D2 D3 D8 hour detectors"));
    }
    if (on.anyOn(Rule.D2, Rule.D10)) {
      events.add(
          counterReadings
              .keyBy(new MonitoringJob.ByEnterprise(registry))
              .process(
                  new CounterDetectorsFunction(registry, config, clock),
                  TypeInformation.of(RuleEvent.class))
              .uid("dq-counters")
              .name("D10 D2-month counter detectors"));
    }
    return events;
  }
}
