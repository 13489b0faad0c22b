package io.meterwatch.simulator.truth;

import io.meterwatch.core.cases.Rule;
import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.model.Quantity;
import io.meterwatch.core.quality.DetectorConfig;
import io.meterwatch.core.registry.EnergyMeter;
import io.meterwatch.core.registry.Enterprise;
import io.meterwatch.core.registry.Outlet;
import io.meterwatch.core.registry.ProductionMeter;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.standards.StandardCoal;
import io.meterwatch.core.time.LocalCalendar;
import io.meterwatch.simulator.fault.Fault;
import io.meterwatch.simulator.manifest.DetectorThresholds;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The data verification detectors D1–D10 (docs/rules.md): D2, D3 and D10 judged on the delivered
 * data, the detectors whose input is a fault's shape (D1 offline, D4 flatline, D6 zero drop, D7
 * dilution, D9 clock skew) derived from the fault and the thresholds.
 */
final class DataQualityTruth {
  private final SiteRegistry registry;
  private final LocalCalendar calendar;
  private final Deliveries deliveries;
  private final DetectorThresholds thresholds;
  private final List<Fault> faults;
  private final Instant start;
  private final Instant end;
  private final Duration tick;
  private final boolean liveClock;

  DataQualityTruth(
      RunFrame run, Deliveries deliveries, List<Fault> faults, Duration tick, boolean liveClock) {
    registry = run.registry();
    calendar = run.calendar();
    this.deliveries = deliveries;
    thresholds = run.thresholds();
    this.faults = faults;
    start = run.start();
    end = run.end();
    this.tick = tick;
    this.liveClock = liveClock;
  }

  // ------------------------------------------------------------------ D2, D3 from the data

  /**
   * D3: an hour flagged S whose own value, or the last valid hour within 3 h before it, exceeded.
   */
  void manualHour(
      ExpectedCases cases,
      Enterprise e,
      Outlet o,
      String p,
      Instant hour,
      Double own,
      double limit,
      boolean recentHourExceeded) {
    if ((own != null && own > limit) || recentHourExceeded) {
      cases
          .of(Rule.D3, e, o.id(), p)
          .window(hour, hour.plus(Duration.ofHours(1)))
          .figures(own, limit)
          .seenOn(o.mn());
    }
  }

  /** D2: an hour with data but fewer valid minutes than a valid hour needs. */
  void incompleteHour(
      ExpectedCases cases, Enterprise e, Outlet o, String p, Instant hour, int validMinutes) {
    cases
        .of(Rule.D2, e, o.id(), p)
        .window(hour, hour.plus(Duration.ofHours(1)))
        .figures((double) validMinutes, (double) thresholds.validMinutesPerHour())
        .seenOn(o.mn());
  }

  /** D3: days with more flagged hours (any parameter M, C, D, F or S) than the share allows. */
  void flaggedDays(
      ExpectedCases cases, Enterprise e, Outlet o, Map<LocalDate, Integer> flaggedHours) {
    for (Map.Entry<LocalDate, Integer> d : flaggedHours.entrySet()) {
      Instant dayStart = d.getKey().atStartOfDay(calendar.zone()).toInstant();
      Instant dayEnd = calendar.nextDayStart(dayStart);
      double hoursOfDay = Duration.between(dayStart, dayEnd).toHours();
      if (d.getValue() > thresholds.flaggedShare() * hoursOfDay) {
        cases
            .of(Rule.D3, e, o.id(), null)
            .window(dayStart, dayEnd)
            .figures((double) d.getValue(), thresholds.flaggedShare() * hoursOfDay)
            .seenOn(o.mn());
      }
    }
  }

  // ------------------------------------------------------------------ D10 from the counters

  /** D10: a day with (almost) normal energy use and no output, judged from the second day on. */
  void energyWithoutProduction(ExpectedCases cases, Enterprise e) {
    List<Double> productionDaysEnergy = new ArrayList<>();
    for (Instant d = calendar.dayStart(start);
        calendar.nextDayStart(d).isBefore(end);
        d = calendar.nextDayStart(d)) {
      Instant next = calendar.nextDayStart(d);
      if (d.isBefore(start)) {
        continue;
      }
      double output = 0;
      for (ProductionMeter pm : e.productionMeters()) {
        output += deliveries.amountOrZero(pm.mn(), d, next);
      }
      double energy = 0;
      for (EnergyMeter em : e.energyMeters()) {
        Double a = deliveries.amount(em.mn(), d, next);
        energy += a == null ? 0 : StandardCoal.coefficient(em.carrier()).orElse(0) * a;
      }
      if (output > 0) {
        productionDaysEnergy.add(energy);
        if (productionDaysEnergy.size() > 7) {
          productionDaysEnergy.remove(0);
        }
      } else if (!productionDaysEnergy.isEmpty() && energy > 0) {
        double reference =
            productionDaysEnergy.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        if (energy >= thresholds.idleEnergyShare() * reference) {
          cases
              .of(Rule.D10, e, e.creditCode(), null)
              .window(d, next)
              .figures(
                  GroundTruth.round(energy),
                  GroundTruth.round(thresholds.idleEnergyShare() * reference))
              .seenOn(null);
        }
      }
    }
  }

  // ------------------------------------------------------------------ from the faults' shapes

  /** D1, D4, D6, D7 and D9 of the faults that last at least the detector's duration. */
  void faultShapes(ExpectedCases cases) {
    for (Fault f : faults) {
      Duration span = Duration.between(f.from(), min(f.to(), end));
      Enterprise e = registry.enterprise(f.enterprise()).orElseThrow();
      switch (f.kind()) {
        case OFFLINE -> {
          if (span.compareTo(thresholds.offline()) >= 0) {
            Instant lastData = f.from().minus(tick); // the last data time before the silence
            double minutes = thresholds.offline().toMinutes();
            cases
                .of(Rule.D1, e, f.subject(), null)
                .window(lastData, lastData.plus(thresholds.offline()))
                .figures(minutes, minutes)
                .causedBy(f.id());
          }
        }
        case FLATLINE -> {
          if (span.compareTo(thresholds.flatline()) >= 0) {
            for (String p : parametersOf(f)) {
              cases
                  .of(Rule.D4, e, f.subject(), p)
                  .window(f.from(), f.from().plus(thresholds.flatline()))
                  .figures(null, (double) thresholds.flatline().toMinutes())
                  .causedBy(f.id());
            }
          }
        }
        case ZERO_DROP -> {
          if (span.compareTo(thresholds.zeroDrop()) >= 0) {
            for (String p : parametersOf(f)) {
              if (isPollutant(p)) {
                cases
                    .of(Rule.D6, e, f.subject(), p)
                    .window(f.from(), f.from().plus(thresholds.zeroDrop()))
                    .causedBy(f.id());
              }
            }
          }
        }
        case DILUTION -> {
          if (span.compareTo(thresholds.dilution()) >= 0) {
            cases
                .of(Rule.D7, e, f.subject(), ParameterCatalogue.O2)
                .window(f.from(), f.from().plus(thresholds.dilution()))
                .figures(null, thresholds.dilutionO2())
                .causedBy(f.id());
          }
        }
        case CLOCK_SKEW -> {
          // D9 compares data time with receive time: only a run paced at real time, or one whose
          // receiving side stamps the simulated send time, can show a wrong device clock
          // (docs/rules.md, D9)
          if (liveClock && f.offset().abs().compareTo(thresholds.clockSkew()) >= 0) {
            // the job opens the case once the steady skew has lasted the persistence in receive
            // time, which a live clock keeps equal to simulated time: that window opens it
            cases
                .of(Rule.D9, e, f.subject(), null)
                .window(f.from(), f.from().plus(DetectorConfig.DEFAULTS.clockSkewPersistence()))
                .figures(
                    (double) f.offset().toSeconds(), (double) thresholds.clockSkew().toSeconds())
                .causedBy(f.id());
          }
        }
        default -> {}
      }
    }
  }

  /** The flatlined or zeroed parameters of a fault: its parameter, else every parameter sent. */
  private List<String> parametersOf(Fault f) {
    if (f.parameter() != null) {
      return List.of(f.parameter());
    }
    List<String> out = new ArrayList<>();
    for (OutletHour s : deliveries.hoursOf(f.mn()).values()) {
      for (String p : s.parameters()) {
        if (!out.contains(p) && (isPollutant(p) || p.equals(ParameterCatalogue.O2) || isFlow(p))) {
          out.add(p);
        }
      }
      break;
    }
    return out;
  }

  private static boolean isPollutant(String p) {
    return ParameterCatalogue.byCode(p)
        .map(x -> x.quantity() == Quantity.CONCENTRATION)
        .orElse(false);
  }

  private static boolean isFlow(String p) {
    return p.equals(ParameterCatalogue.GAS_FLOW) || p.equals(ParameterCatalogue.WATER_FLOW);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
