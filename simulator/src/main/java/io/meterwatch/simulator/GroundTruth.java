package io.meterwatch.simulator;

import io.meterwatch.core.cases.CaseKey;
import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.model.ReadingKind;
import io.meterwatch.core.model.Sample;
import io.meterwatch.core.registry.EnergyMeter;
import io.meterwatch.core.registry.EnergyQuota;
import io.meterwatch.core.registry.Enterprise;
import io.meterwatch.core.registry.MeterRef;
import io.meterwatch.core.registry.Outlet;
import io.meterwatch.core.registry.ProductionMeter;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.standards.EnergyIndicator;
import io.meterwatch.core.standards.EnergyQuotaStandard;
import io.meterwatch.core.standards.Medium;
import io.meterwatch.core.standards.StandardCoal;
import io.meterwatch.core.time.LocalCalendar;
import io.meterwatch.simulator.device.Device;
import io.meterwatch.simulator.device.EnergyLedger;
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
 * Derives the manifest: what the pipeline receives (from the readings the links actually let
 * through, with the data times the job sees) judged with the rule semantics of docs/rules.md, and
 * what must be rejected. Emission and validity rules are evaluated on the delivered data, so an
 * expected case is exactly what the data supports; detectors whose input is a fault's shape
 * (offline, flatline, zero drop, dilution, clock skew) are derived from the fault and its
 * thresholds.
 */
final class GroundTruth {
  private static final int MINUTES = 60;

  private final SiteRegistry registry;
  private final LocalCalendar calendar;
  private final Instant start;
  private final Instant end;
  private final List<Fault> faults;
  private final EnergyLedger ledger;
  private final DetectorThresholds thresholds;
  private final Duration tick;
  private final boolean liveClock;
  private final Map<String, Map<Instant, HourSlot>> hours = new HashMap<>();
  private final Map<String, TreeMap<Instant, Double>> registers = new HashMap<>();
  private final List<Manifest.ExpectedRejection> rejections = new ArrayList<>();
  private final Map<String, long[]> perFault = new HashMap<>(); // [rejected, lost]
  private long validReadings;
  private long duplicates;
  private long lost;

  GroundTruth(
      SiteRegistry registry,
      LocalCalendar calendar,
      Instant start,
      Instant end,
      List<Fault> faults,
      EnergyLedger ledger,
      DetectorThresholds thresholds,
      Duration tick,
      boolean liveClock) {
    this.registry = registry;
    this.calendar = calendar;
    this.start = start;
    this.end = end;
    this.faults = faults;
    this.ledger = ledger;
    this.thresholds = thresholds;
    this.tick = tick;
    this.liveClock = liveClock;
  }

  /** One outlet-hour of delivered real-time data, minute by minute per parameter. */
  private static final class HourSlot {
    final Map<String, double[]> sum = new LinkedHashMap<>();
    final Map<String, int[]> valid = new HashMap<>();
    final Map<String, int[]> all = new HashMap<>();
    final Map<String, int[]> flags = new HashMap<>();
  }

  // ------------------------------------------------------------------ recording

  void delivered(Device d, Reading r) {
    validReadings++;
    if (r.kind() != ReadingKind.REAL_TIME) {
      return;
    }
    MeterRef ref = registry.meter(r.mn()).orElse(null);
    if (ref == null) {
      return;
    }
    if (ref.outlet() == null) {
      for (Sample s : r.samples().values()) {
        Double v = s.value(Sample.RTD);
        if (v != null) {
          registers.computeIfAbsent(r.mn(), k -> new TreeMap<>()).put(r.dataTime(), v);
        }
      }
      return;
    }
    Instant hour = calendar.hourStart(r.dataTime());
    int minute = calendar.local(r.dataTime()).getMinute();
    HourSlot slot =
        hours
            .computeIfAbsent(r.mn(), k -> new TreeMap<>())
            .computeIfAbsent(hour, k -> new HourSlot());
    for (Sample s : r.samples().values()) {
      double[] sum = slot.sum.computeIfAbsent(s.code(), k -> new double[MINUTES]);
      int[] valid = slot.valid.computeIfAbsent(s.code(), k -> new int[MINUTES]);
      int[] all = slot.all.computeIfAbsent(s.code(), k -> new int[MINUTES]);
      int[] flags = slot.flags.computeIfAbsent(s.code(), k -> new int[DataFlag.values().length]);
      all[minute]++;
      flags[(s.flag() == null ? DataFlag.N : s.flag()).ordinal()]++;
      if (s.isValidData() && s.value(Sample.RTD) != null) {
        valid[minute]++;
        sum[minute] += s.value(Sample.RTD);
      }
    }
  }

  void lost(Device d, Reading r, Fault f) {
    lost++;
    perFault.computeIfAbsent(f.id(), k -> new long[2])[1]++;
  }

  void replaced(Device d, Reading r, String faultId) {
    lost++;
    perFault.computeIfAbsent(faultId, k -> new long[2])[1]++;
  }

  void rejected(String topic, byte[] payload, ReasonCode reason, String faultId) {
    rejections.add(
        new Manifest.ExpectedRejection(
            topic, reason.name(), faultId, Manifest.payloadSha256(payload)));
    perFault.computeIfAbsent(faultId, k -> new long[2])[0]++;
  }

  void duplicate() {
    duplicates++;
  }

  // ------------------------------------------------------------------ evaluation

  Manifest manifest(String scenario, long seed, String format, long published) {
    Map<String, Manifest.ExpectedCase> cases = new LinkedHashMap<>();
    emissionAndValidity(cases);
    energyQuota(cases);
    faultShapes(cases);

    List<Manifest.FaultEntry> entries = new ArrayList<>();
    for (Fault f : faults) {
      List<String> ids =
          cases.values().stream()
              .filter(c -> f.id().equals(c.fault()))
              .map(c -> c.caseId())
              .toList();
      long[] counts = perFault.getOrDefault(f.id(), new long[2]);
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
              ids,
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
        new Manifest.Counts(published, validReadings, duplicates, rejections.size(), lost),
        entries,
        List.copyOf(cases.values()),
        List.copyOf(rejections),
        assumptions());
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

  private void emissionAndValidity(Map<String, Manifest.ExpectedCase> cases) {
    Duration hourLength = Duration.ofHours(1);
    for (Enterprise e : registry.enterprises()) {
      for (Outlet o : e.outlets()) {
        Map<Instant, HourSlot> slots = hours.getOrDefault(o.mn(), Map.of());
        Map<LocalDate, Integer> flaggedHours = new TreeMap<>();
        Map<String, Map<LocalDate, List<Double>>> dailyByParam = new TreeMap<>();
        Map<String, Instant> lastValidHour = new HashMap<>();
        Map<String, Boolean> lastValidExceeded = new HashMap<>();
        Double ref = registry.referenceO2(o).orElse(null);
        for (Map.Entry<Instant, HourSlot> h : slots.entrySet()) {
          Instant hour = h.getKey();
          if (hour.isBefore(start) || hour.plus(hourLength).isAfter(end)) {
            continue; // partial hours at the edges of the run are not judged
          }
          HourSlot slot = h.getValue();
          LocalDate day = calendar.local(hour).toLocalDate();
          boolean flagged = false;
          Double o2 =
              validMinutes(slot, ParameterCatalogue.O2) >= thresholds.validMinutesPerHour()
                  ? hourMean(slot, ParameterCatalogue.O2)
                  : null;
          for (String p : slot.sum.keySet()) {
            int validMinutes = validMinutes(slot, p);
            DataFlag hourFlag = hourFlag(slot, p);
            flagged |= "MCDFS".contains(hourFlag.name());
            Double limit = registry.limitOn(o, p, day).orElse(null);
            if (hourFlag == DataFlag.S && limit != null) {
              Instant before = lastValidHour.get(p);
              Double own = judged(o, hourMean(slot, p), o2, ref);
              boolean hides =
                  (own != null && own > limit)
                      || (before != null
                          && !hour.minus(Duration.ofHours(3)).isAfter(before)
                          && lastValidExceeded.get(p));
              if (hides) {
                add(
                    cases,
                    e,
                    o.id(),
                    "D3",
                    Domain.DATA_QUALITY,
                    p,
                    hour,
                    hour.plus(hourLength),
                    own,
                    limit,
                    o.mn());
              }
            }
            if (validMinutes < thresholds.validMinutesPerHour()) {
              add(
                  cases,
                  e,
                  o.id(),
                  "D2",
                  Domain.DATA_QUALITY,
                  p,
                  hour,
                  hour.plus(hourLength),
                  (double) validMinutes,
                  (double) thresholds.validMinutesPerHour(),
                  o.mn());
              continue;
            }
            Double mean = hourMean(slot, p);
            if (limit == null || mean == null) {
              continue;
            }
            if (o.medium() == Medium.FLUE_GAS) {
              Double converted = judged(o, mean, o2, ref);
              if (converted == null) {
                continue;
              }
              lastValidHour.put(p, hour);
              lastValidExceeded.put(p, converted > limit);
              if (converted > limit) {
                add(
                    cases,
                    e,
                    o.id(),
                    "E1",
                    Domain.EMISSION,
                    p,
                    hour,
                    hour.plus(hourLength),
                    round(converted),
                    limit,
                    o.mn());
              }
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
        for (Map.Entry<String, Map<LocalDate, List<Double>>> p : dailyByParam.entrySet()) {
          for (Map.Entry<LocalDate, List<Double>> d : p.getValue().entrySet()) {
            Instant dayStart = d.getKey().atStartOfDay(calendar.zone()).toInstant();
            Instant dayEnd = calendar.nextDayStart(dayStart);
            if (dayStart.isBefore(start)
                || dayEnd.isAfter(end)
                || d.getValue().size() < thresholds.validHoursPerDay()) {
              continue;
            }
            double mean =
                d.getValue().stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double limit = registry.limitOn(o, p.getKey(), d.getKey()).orElse(Double.NaN);
            if (mean > limit) {
              add(
                  cases,
                  e,
                  o.id(),
                  "E2",
                  Domain.EMISSION,
                  p.getKey(),
                  dayStart,
                  dayEnd,
                  round(mean),
                  limit,
                  o.mn());
            }
          }
        }
        for (Map.Entry<LocalDate, Integer> d : flaggedHours.entrySet()) {
          Instant dayStart = d.getKey().atStartOfDay(calendar.zone()).toInstant();
          Instant dayEnd = calendar.nextDayStart(dayStart);
          double hoursOfDay = Duration.between(dayStart, dayEnd).toHours();
          if (d.getValue() > thresholds.flaggedShare() * hoursOfDay) {
            add(
                cases,
                e,
                o.id(),
                "D3",
                Domain.DATA_QUALITY,
                "-",
                dayStart,
                dayEnd,
                (double) d.getValue(),
                thresholds.flaggedShare() * hoursOfDay,
                o.mn());
          }
        }
      }
    }
  }

  /** The value E1/E2 judge: converted to reference O2 for flue gas; null when not judged. */
  private Double judged(Outlet o, Double mean, Double o2, Double ref) {
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

  /** N when at least 75 % of the minutes with data are valid, else the most frequent other flag. */
  private static DataFlag hourFlag(HourSlot slot, String p) {
    int[] a = slot.all.get(p);
    int withData = 0;
    for (int m = 0; m < MINUTES; m++) {
      if (a[m] > 0) {
        withData++;
      }
    }
    if (validMinutes(slot, p) * 4 >= withData * 3) {
      return DataFlag.N;
    }
    int[] f = slot.flags.get(p);
    int best = -1;
    for (int i = 0; i < f.length; i++) {
      if (i != DataFlag.N.ordinal() && (best < 0 || f[i] > f[best])) {
        best = i;
      }
    }
    return f[best] == 0 ? DataFlag.N : DataFlag.values()[best];
  }

  private static int validMinutes(HourSlot slot, String p) {
    int[] v = slot.valid.get(p);
    int[] a = slot.all.get(p);
    if (v == null) {
      return 0;
    }
    int n = 0;
    for (int m = 0; m < MINUTES; m++) {
      if (v[m] >= 1 && v[m] * 4 >= a[m] * 3) {
        n++;
      }
    }
    return n;
  }

  private static Double hourMean(HourSlot slot, String p) {
    double[] s = slot.sum.get(p);
    if (s == null) {
      return null;
    }
    int[] v = slot.valid.get(p);
    int[] a = slot.all.get(p);
    double sum = 0;
    int n = 0;
    for (int m = 0; m < MINUTES; m++) {
      if (v[m] >= 1 && v[m] * 4 >= a[m] * 3) {
        sum += s[m] / v[m];
        n++;
      }
    }
    return n == 0 ? null : sum / n;
  }

  /** A counter meter's amount over [from, to): register differences as docs/rules.md (Q1) says. */
  private Double amount(String mn, Instant from, Instant to) {
    TreeMap<Instant, Double> r = registers.get(mn);
    if (r == null) {
      return null;
    }
    Map.Entry<Instant, Double> lastIn = r.lowerEntry(to);
    if (lastIn == null || lastIn.getKey().isBefore(from)) {
      return null;
    }
    Map.Entry<Instant, Double> before = r.lowerEntry(from);
    Map.Entry<Instant, Double> firstIn = r.ceilingEntry(from);
    return lastIn.getValue() - (before != null ? before.getValue() : firstIn.getValue());
  }

  private void energyQuota(Map<String, Manifest.ExpectedCase> cases) {
    for (Enterprise e : registry.enterprises()) {
      if (e.energyMeters().isEmpty() || e.productionMeters().isEmpty()) {
        continue;
      }
      // months that end inside the run (a month extending beyond the last reading is not judged)
      for (Instant m = calendar.monthStart(start);
          !calendar.nextMonthStart(m).isAfter(end);
          m = calendar.nextMonthStart(m)) {
        Instant monthEnd = calendar.nextMonthStart(m);
        LocalDate first = calendar.local(m).toLocalDate();
        for (EnergyQuota q : e.energyQuotas()) {
          EnergyQuotaStandard s = registry.standards().energyQuota(q.standard()).orElse(null);
          if (s == null || !s.inForceOn(first)) {
            continue;
          }
          double output = 0;
          for (ProductionMeter pm : e.productionMeters()) {
            if (pm.product().equals(q.product())) {
              Double a = amount(pm.mn(), m, monthEnd);
              output += a == null ? 0 : a;
            }
          }
          double energy = 0;
          for (EnergyMeter em : e.energyMeters()) {
            Double a = amount(em.mn(), m, monthEnd);
            if (a == null) {
              continue;
            }
            if (s.indicator() == EnergyIndicator.ELECTRICITY) {
              energy += em.carrier().equals(ParameterCatalogue.ELECTRICITY) ? a : 0;
            } else {
              energy += StandardCoal.coefficient(em.carrier()).orElse(0) * a;
            }
          }
          if (output <= 0) {
            continue;
          }
          double limit = q.limitOverride() != null ? q.limitOverride() : s.level3();
          double perTonne = energy / output;
          if (perTonne > limit) {
            add(
                cases,
                e,
                q.product(),
                "Q1",
                Domain.ENERGY_QUOTA,
                q.standard(),
                m,
                monthEnd,
                round(perTonne),
                limit,
                null);
          }
        }
      }
      energyWithoutProduction(e, cases);
    }
  }

  /** D10: a day with (almost) normal energy use and no output, judged from the second day on. */
  private void energyWithoutProduction(Enterprise e, Map<String, Manifest.ExpectedCase> cases) {
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
        Double a = amount(pm.mn(), d, next);
        output += a == null ? 0 : a;
      }
      double energy = 0;
      for (EnergyMeter em : e.energyMeters()) {
        Double a = amount(em.mn(), d, next);
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
          add(
              cases,
              e,
              e.creditCode(),
              "D10",
              Domain.DATA_QUALITY,
              "-",
              d,
              next,
              round(energy),
              round(thresholds.idleEnergyShare() * reference),
              null);
        }
      }
    }
  }

  private void faultShapes(Map<String, Manifest.ExpectedCase> cases) {
    for (Fault f : faults) {
      Duration span = Duration.between(f.from(), min(f.to(), end));
      Enterprise e = registry.enterprise(f.enterprise()).orElseThrow();
      switch (f.kind()) {
        case OFFLINE -> {
          if (span.compareTo(thresholds.offline()) >= 0) {
            add(
                cases,
                e,
                f.subject(),
                "D1",
                Domain.DATA_QUALITY,
                "-",
                f.from().minus(tick), // t = the last data time before the silence
                f.from().minus(tick).plus(thresholds.offline()),
                (double) thresholds.offline().toMinutes(),
                (double) thresholds.offline().toMinutes(),
                f.mn(),
                f.id());
          }
        }
        case FLATLINE -> {
          if (span.compareTo(thresholds.flatline()) >= 0) {
            for (String p : parametersOf(f)) {
              add(
                  cases,
                  e,
                  f.subject(),
                  "D4",
                  Domain.DATA_QUALITY,
                  p,
                  f.from(),
                  f.from().plus(thresholds.flatline()),
                  null,
                  (double) thresholds.flatline().toMinutes(),
                  f.mn(),
                  f.id());
            }
          }
        }
        case ZERO_DROP -> {
          if (span.compareTo(thresholds.zeroDrop()) >= 0) {
            for (String p : parametersOf(f)) {
              if (isPollutant(p)) {
                add(
                    cases,
                    e,
                    f.subject(),
                    "D6",
                    Domain.DATA_QUALITY,
                    p,
                    f.from(),
                    f.from().plus(thresholds.zeroDrop()),
                    null,
                    null,
                    f.mn(),
                    f.id());
              }
            }
          }
        }
        case DILUTION -> {
          if (span.compareTo(thresholds.dilution()) >= 0) {
            add(
                cases,
                e,
                f.subject(),
                "D7",
                Domain.DATA_QUALITY,
                ParameterCatalogue.O2,
                f.from(),
                f.from().plus(thresholds.dilution()),
                null,
                thresholds.dilutionO2(),
                f.mn(),
                f.id());
          }
        }
        case CLOCK_SKEW -> {
          // D9 compares data time with receive time: only a run paced at real time, or one whose
          // receiving side stamps the simulated send time, can show a wrong device clock
          // (docs/rules.md, D9)
          if (liveClock && f.offset().abs().compareTo(thresholds.clockSkew()) >= 0) {
            add(
                cases,
                e,
                f.subject(),
                "D9",
                Domain.DATA_QUALITY,
                "-",
                f.from(),
                f.to(),
                (double) f.offset().toSeconds(),
                (double) thresholds.clockSkew().toSeconds(),
                f.mn(),
                f.id());
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
    for (HourSlot s : hours.getOrDefault(f.mn(), Map.of()).values()) {
      for (String p : s.sum.keySet()) {
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
        .map(x -> x.quantity() == io.meterwatch.core.model.Quantity.CONCENTRATION)
        .orElse(false);
  }

  private static boolean isFlow(String p) {
    return p.equals(ParameterCatalogue.GAS_FLOW) || p.equals(ParameterCatalogue.WATER_FLOW);
  }

  private boolean isCounter(String mn) {
    return mn != null && registry.meter(mn).map(r -> r.outlet() == null).orElse(false);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  private void add(
      Map<String, Manifest.ExpectedCase> cases,
      Enterprise e,
      String subject,
      String rule,
      Domain domain,
      String parameter,
      Instant from,
      Instant to,
      Double value,
      Double limit,
      String mn) {
    add(
        cases,
        e,
        subject,
        rule,
        domain,
        parameter,
        from,
        to,
        value,
        limit,
        mn,
        faultAt(mn, e.creditCode(), rule, from, to));
  }

  private void add(
      Map<String, Manifest.ExpectedCase> cases,
      Enterprise e,
      String subject,
      String rule,
      Domain domain,
      String parameter,
      Instant from,
      Instant to,
      Double value,
      Double limit,
      String mn,
      String fault) {
    CaseKey key = new CaseKey(e.creditCode(), subject, rule, parameter);
    // one case per key: the first window opens it, later windows update it
    cases.putIfAbsent(
        key.asString(),
        new Manifest.ExpectedCase(
            key.caseId(from),
            rule,
            domain.label(),
            key.asString(),
            e.creditCode(),
            subject,
            key.parameter(),
            calendar.isoLocal(from),
            calendar.isoLocal(to),
            value,
            limit,
            fault));
  }

  /**
   * The fault behind a data-derived case: one on the same device (or enterprise) overlapping it.
   */
  private String faultAt(String mn, String enterprise, String rule, Instant from, Instant to) {
    for (Fault f : faults) {
      boolean sameTarget =
          rule.equals("Q1") || rule.equals("D10")
              ? f.enterprise().equals(enterprise)
                  && (f.kind() == FaultKind.ENERGY_QUOTA_BREACH || isCounter(f.mn()))
              : mn != null && mn.equals(f.mn());
      // clock skew moves data by its offset: widen the overlap test by it
      Duration slack = f.offset() == null ? Duration.ZERO : f.offset().abs();
      if (sameTarget && f.from().minus(slack).isBefore(to) && from.isBefore(f.to().plus(slack))) {
        return f.id();
      }
    }
    return null;
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
            + " valid minutes, per parameter (conditions included).",
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
        "One case per key: the first window opens it; case id = CaseKey.caseId(window start).");
  }
}
