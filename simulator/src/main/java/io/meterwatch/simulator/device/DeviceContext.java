package io.meterwatch.simulator.device;

import io.meterwatch.core.model.SourceFormat;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.time.LocalCalendar;
import io.meterwatch.simulator.scenario.Scenario;
import java.time.Instant;

/**
 * What every device of a run shares.
 *
 * @param registry the city
 * @param calendar the local calendar of DataTime
 * @param intervals reporting intervals
 * @param baseline clean behaviour
 * @param seed the run's seed
 * @param start scenario start
 * @param format wire format the readings are marked with
 */
public record DeviceContext(
    SiteRegistry registry,
    LocalCalendar calendar,
    Scenario.Intervals intervals,
    Scenario.Baseline baseline,
    long seed,
    Instant start,
    SourceFormat format) {

  /** Whether t closes a minute period (local minute boundary in the minute interval's grid). */
  boolean closesMinute(Instant t) {
    return t.getNano() == 0 && secondOfHour(t) % intervals.minute().toSeconds() == 0;
  }

  /** Whether t is the start of a local hour. */
  boolean closesHour(Instant t) {
    return t.getNano() == 0 && secondOfHour(t) == 0;
  }

  /**
   * Seconds since the start of the local hour. Zone offsets are whole quarter hours, so this is the
   * same as the epoch second modulo 3600 shifted by the offset's seconds modulo 3600.
   */
  long secondOfHour(Instant t) {
    int offset = calendar.zone().getRules().getOffset(t).getTotalSeconds();
    return Math.floorMod(t.getEpochSecond() + offset, 3600L);
  }
}
