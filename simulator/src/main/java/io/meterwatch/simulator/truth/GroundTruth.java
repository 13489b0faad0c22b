package io.meterwatch.simulator.truth;

import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.registry.Enterprise;
import io.meterwatch.core.registry.Outlet;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.standards.Medium;
import io.meterwatch.core.time.LocalCalendar;
import io.meterwatch.simulator.fault.Fault;
import io.meterwatch.simulator.manifest.DetectorThresholds;
import io.meterwatch.simulator.manifest.Manifest;
import io.meterwatch.simulator.scenario.FaultKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Derives the manifest from what {@link Deliveries} recorded: the delivered data judged with the
 * rule semantics of docs/rules.md, and what must be rejected. Emission and validity rules are
 * evaluated on the delivered data ({@link EmissionTruth}, {@link EnergyTruth}, the data-derived
 * part of {@link DataQualityTruth}), so an expected case is exactly what the data supports;
 * detectors whose input is a fault's shape (offline, flatline, zero drop, dilution, clock skew) are
 * derived from the fault and its thresholds.
 */
public final class GroundTruth {
  private final SiteRegistry registry;
  private final LocalCalendar calendar;
  private final Instant start;
  private final Instant end;
  private final List<Fault> faults;
  private final DetectorThresholds thresholds;
  private final Duration tick;
  private final boolean liveClock;

  /**
   * @param tick the simulation step (D1's window starts one step before an outage)
   * @param liveClock whether receive times are meaningful (a run paced at real time, or a sink that
   *     stamps the simulated send time): only then is D9 clock skew expected
   */
  public GroundTruth(
      SiteRegistry registry,
      LocalCalendar calendar,
      Instant start,
      Instant end,
      List<Fault> faults,
      DetectorThresholds thresholds,
      Duration tick,
      boolean liveClock) {
    this.registry = registry;
    this.calendar = calendar;
    this.start = start;
    this.end = end;
    this.faults = faults;
    this.thresholds = thresholds;
    this.tick = tick;
    this.liveClock = liveClock;
  }

  /** The manifest of a run that published {@code published} messages and delivered {@code d}. */
  public Manifest manifest(
      Deliveries d, String scenario, long seed, String format, long published) {
    ExpectedCases cases = new ExpectedCases(registry, calendar, faults);
    RunFrame run = new RunFrame(registry, calendar, start, end, thresholds);
    EmissionTruth emission = new EmissionTruth(run);
    DataQualityTruth quality = new DataQualityTruth(run, d, faults, tick, liveClock);
    EnergyTruth energy = new EnergyTruth(run, d);
    for (Enterprise e : registry.enterprises()) {
      for (Outlet o : e.outlets()) {
        outletHours(cases, e, o, d.hoursOf(o.mn()), emission, quality);
      }
    }
    for (Enterprise e : registry.enterprises()) {
      if (e.energyMeters().isEmpty() || e.productionMeters().isEmpty()) {
        continue;
      }
      energy.monthlyQuota(cases, e);
      quality.energyWithoutProduction(cases, e);
    }
    quality.faultShapes(cases);

    List<Manifest.FaultEntry> entries = new ArrayList<>();
    for (Fault f : faults) {
      long[] counts = d.faultCounts(f.id());
      entries.add(
          new Manifest.FaultEntry(
              f.id(),
              f.kind().label(),
              f.enterprise(),
              f.subject(),
              f.mn(),
              f.parameter(),
              calendar.isoLocal(f.from()),
              calendar.isoLocal(f.to()),
              details(f),
              cases.idsOf(f.id()),
              counts[0],
              counts[1],
              note(f)));
    }
    return new Manifest(
        scenario,
        seed,
        format,
        calendar.zone().getId(),
        calendar.isoLocal(start),
        calendar.isoLocal(end),
        d.counts(published),
        entries,
        cases.all(),
        d.rejections(),
        assumptions());
  }

  /**
   * Walks the hours of one outlet in time order once, handing each parameter's hour to the validity
   * (D2), flag (D3) and emission (E1, E2) derivations in the order the job meets them.
   */
  private void outletHours(
      ExpectedCases cases,
      Enterprise e,
      Outlet o,
      Map<Instant, OutletHour> hours,
      EmissionTruth emission,
      DataQualityTruth quality) {
    Duration hourLength = Duration.ofHours(1);
    Map<LocalDate, Integer> flaggedHours = new TreeMap<>();
    Map<String, Map<LocalDate, List<Double>>> dailyByParam = new TreeMap<>();
    Map<String, Instant> lastValidHour = new HashMap<>();
    Map<String, Boolean> lastValidExceeded = new HashMap<>();
    Double ref = registry.referenceO2(o).orElse(null);
    for (Map.Entry<Instant, OutletHour> h : hours.entrySet()) {
      Instant hour = h.getKey();
      if (hour.isBefore(start) || hour.plus(hourLength).isAfter(end)) {
        continue; // partial hours at the edges of the run are not judged
      }
      OutletHour slot = h.getValue();
      LocalDate day = calendar.local(hour).toLocalDate();
      boolean flagged = false;
      Double o2 =
          slot.validMinutes(ParameterCatalogue.O2) >= thresholds.validMinutesPerHour()
              ? slot.mean(ParameterCatalogue.O2)
              : null;
      for (String p : slot.parameters()) {
        int validMinutes = slot.validMinutes(p);
        DataFlag hourFlag = slot.flag(p);
        flagged |= "MCDFS".contains(hourFlag.name());
        Double limit = registry.limitOn(o, p, day).orElse(null);
        if (hourFlag == DataFlag.S && limit != null) {
          Instant before = lastValidHour.get(p);
          boolean recentExceeded =
              before != null
                  && !hour.minus(Duration.ofHours(3)).isAfter(before)
                  && lastValidExceeded.get(p);
          Double own = emission.judged(o, slot.mean(p), o2, ref);
          quality.manualHour(cases, e, o, p, hour, own, limit, recentExceeded);
        }
        if (validMinutes < thresholds.validMinutesPerHour()) {
          quality.incompleteHour(cases, e, o, p, hour, validMinutes);
          continue;
        }
        Double mean = slot.mean(p);
        if (limit == null || mean == null) {
          continue;
        }
        if (o.medium() == Medium.FLUE_GAS) {
          Double converted = emission.judged(o, mean, o2, ref);
          if (converted == null) {
            continue;
          }
          lastValidHour.put(p, hour);
          lastValidExceeded.put(p, converted > limit);
          emission.hourly(cases, e, o, p, hour, converted, limit);
        } else {
          lastValidHour.put(p, hour);
          lastValidExceeded.put(p, mean > limit);
          dailyByParam
              .computeIfAbsent(p, k -> new TreeMap<>())
              .computeIfAbsent(day, k -> new ArrayList<>())
              .add(mean);
        }
      }
      if (flagged) {
        flaggedHours.merge(day, 1, Integer::sum);
      }
    }
    emission.daily(cases, e, o, dailyByParam);
    quality.flaggedDays(cases, e, o, flaggedHours);
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private static Map<String, Object> details(Fault f) {
    Map<String, Object> d = new LinkedHashMap<>();
    if (!Double.isNaN(f.factor())) {
      d.put("factor", f.factor());
    }
    if (f.flag() != null) {
      d.put("flag", f.flag().name());
    }
    if (f.offset() != null) {
      d.put("offset", f.offset().toString());
    }
    if (f.variant() != null) {
      d.put("variant", f.variant());
    }
    if (f.kind() == FaultKind.MALFORMED || f.kind() == FaultKind.SPOOFED_MN) {
      d.put("count", f.count());
    }
    if (f.victimMn() != null) {
      d.put("victim", f.victimMn());
    }
    if (f.kind() == FaultKind.OUT_OF_ORDER) {
      d.put("window", f.window());
    }
    return d;
  }

  private static String note(Fault f) {
    return switch (f.kind()) {
      case DUPLICATES -> "each reading arrives twice, byte for byte: count it once, open nothing";
      case OUT_OF_ORDER -> "readings arrive reversed in blocks: windows must come out the same";
      case BACKFILL ->
          "readings arrive late in one burst at the end: accepted within the allowed lateness";
      case MALFORMED, SPOOFED_MN -> "every affected message is rejected with its reason (DLQ)";
      default -> null;
    };
  }

  private List<String> assumptions() {
    DetectorThresholds t = thresholds;
    return List.of(
        "Derived with the semantics of docs/rules.md at their default thresholds; D-case windows of episode detectors start at the first suspicious reading.",
        "Validity: a valid minute has >= 1 valid real-time reading and >= 75 % of its readings valid; a valid hour >= "
            + t.validMinutesPerHour()
            + " valid minutes; a valid day >= "
            + t.validHoursPerDay()
            + " valid hours. Partial hours and days at the edges of the run are not judged.",
        "E1: valid hourly mean converted with the hour's valid mean O2 (not judged at O2 >= "
            + t.maxO2ForConversion()
            + " %) above the limit in force that local day. E2: valid daily mean of valid hourly means above the limit.",
        "Q1: months ending inside the run; amounts are register differences of the delivered readings; comprehensive energy with core StandardCoal; subject = product, parameter = quota standard id.",
        "D1: window [t, t + "
            + t.offline().toMinutes()
            + " min) with t the last data time before an outage of at least that long.",
        "D2: every hour with data but fewer than "
            + t.validMinutesPerHour()
            + " valid minutes, on any parameter (conditions included); one case per outlet lists every such parameter.",
        "D3: more than "
            + t.flaggedShare()
            + " of a day's hours with any parameter flagged M, C, D, F or S (parameter -); an S hour of a pollutant whose own value or last valid hour within 3 h exceeded (parameter = pollutant).",
        "D4 (>= "
            + t.flatline().toMinutes()
            + " min), D6 (>= "
            + t.zeroDrop().toMinutes()
            + " min), D7 (>= "
            + t.dilution().toMinutes()
            + " min, a19001): window from the fault's start to the threshold.",
        "D9 clock skew only when the run is paced at real time (speed 1): accelerated runs have no meaningful receive time; byte-identical duplicates open nothing.",
        "D10: a day without output whose energy is >= "
            + t.idleEnergyShare()
            + " x the mean of the earlier production days; the last day of the run is not judged.",
        "One case per key, a detector's parameters sharing one key (parameter -): the window judged first (earliest end) opens it; case id = CaseKey.caseId(window start).");
  }
}
