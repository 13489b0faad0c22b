package io.meterwatch.simulator.truth;

import io.meterwatch.core.cases.Rule;
import io.meterwatch.core.registry.Enterprise;
import io.meterwatch.core.registry.Outlet;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.standards.Medium;
import io.meterwatch.core.time.LocalCalendar;
import io.meterwatch.simulator.manifest.DetectorThresholds;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** E1 and E2 judged on the delivered hours of an outlet (docs/rules.md, "E1", "E2"). */
final class EmissionTruth {
  private final SiteRegistry registry;
  private final LocalCalendar calendar;
  private final DetectorThresholds thresholds;
  private final Instant start;
  private final Instant end;

  EmissionTruth(RunFrame run) {
    registry = run.registry();
    calendar = run.calendar();
    thresholds = run.thresholds();
    start = run.start();
    end = run.end();
  }

  /** The value E1/E2 judge: converted to reference O2 for flue gas; null when not judged. */
  Double judged(Outlet o, Double mean, Double o2, Double ref) {
    if (mean == null) {
      return null;
    }
    if (o.medium() != Medium.FLUE_GAS) {
      return mean;
    }
    if (ref == null || o2 == null || o2 >= thresholds.maxO2ForConversion()) {
      return null;
    }
    return mean * (21 - ref) / (21 - o2);
  }

  /** E1: the converted mean of a valid flue-gas hour above the limit in force. */
  void hourly(
      ExpectedCases cases,
      Enterprise e,
      Outlet o,
      String p,
      Instant hour,
      double converted,
      double limit) {
    if (converted > limit) {
      cases
          .of(Rule.E1, e, o.id(), p)
          .window(hour, hour.plus(Duration.ofHours(1)))
          .figures(GroundTruth.round(converted), limit)
          .seenOn(o.mn());
    }
  }

  /**
   * E2: the mean of a local day's valid hourly means above the limit, for days inside the run with
   * enough valid hours.
   *
   * @param dailyByParam valid hourly means of a wastewater outlet by parameter and local day
   */
  void daily(
      ExpectedCases cases,
      Enterprise e,
      Outlet o,
      Map<String, Map<LocalDate, List<Double>>> dailyByParam) {
    for (Map.Entry<String, Map<LocalDate, List<Double>>> p : dailyByParam.entrySet()) {
      for (Map.Entry<LocalDate, List<Double>> d : p.getValue().entrySet()) {
        Instant dayStart = d.getKey().atStartOfDay(calendar.zone()).toInstant();
        Instant dayEnd = calendar.nextDayStart(dayStart);
        if (dayStart.isBefore(start)
            || dayEnd.isAfter(end)
            || d.getValue().size() < thresholds.validHoursPerDay()) {
          continue;
        }
        double mean = d.getValue().stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double limit = registry.limitOn(o, p.getKey(), d.getKey()).orElse(Double.NaN);
        if (mean > limit) {
          cases
              .of(Rule.E2, e, o.id(), p.getKey())
              .window(dayStart, dayEnd)
              .figures(GroundTruth.round(mean), limit)
              .seenOn(o.mn());
        }
      }
    }
  }
}
