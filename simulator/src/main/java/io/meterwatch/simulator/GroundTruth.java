package io.meterwatch.simulator;

import io.meterwatch.core.cases.CaseKey;
import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.model.ReadingKind;
import io.meterwatch.core.model.Sample;
import io.meterwatch.core.registry.EnergyQuota;
import io.meterwatch.core.registry.Enterprise;
import io.meterwatch.core.registry.MeterRef;
import io.meterwatch.core.registry.Outlet;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.standards.EnergyIndicator;
import io.meterwatch.core.standards.EnergyQuotaStandard;
import io.meterwatch.core.standards.Medium;
import io.meterwatch.core.time.LocalCalendar;
import io.meterwatch.simulator.device.Device;
import io.meterwatch.simulator.device.EnergyLedger;
import io.meterwatch.simulator.fault.Fault;
import io.meterwatch.simulator.manifest.DetectorThresholds;
import io.meterwatch.simulator.manifest.Manifest;
import io.meterwatch.simulator.scenario.FaultKind;
import io.meterwatch.simulator.signal.EnergyPlan;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
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
  private final Map<String, Map<Instant, HourSlot>> hours = new HashMap<>();
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
      DetectorThresholds thresholds) {
    this.registry = registry;
    this.calendar = calendar;
    this.start = start;
    this.end = end;
    this.faults = faults;
    this.ledger = ledger;
    this.thresholds = thresholds;
  }

  /** One outlet-hour of delivered real-time data, minute by minute per parameter. */
  private static final class HourSlot {
    final Map<String, double[]> sum = new LinkedHashMap<>();
    final Map<String, int[]> valid = new HashMap<>();
    final Map<String, int[]> all = new HashMap<>();
    final int[] flagCounts = new int[DataFlag.values().length];
    int readings;
  }

  // ------------------------------------------------------------------ recording

  void delivered(Device d, Reading r) {
    validReadings++;
    if (r.kind() != ReadingKind.REAL_TIME || d.mn() == null) {
      return;
    }
    MeterRef ref = registry.meter(r.mn()).orElse(null);
    if (ref == null || ref.outlet() == null) {
      return;
    }
    Instant hour = calendar.hourStart(r.dataTime());
    int minute = calendar.local(r.dataTime()).getMinute();
    HourSlot slot =
        hours
            .computeIfAbsent(r.mn(), k -> new TreeMap<>())
            .computeIfAbsent(hour, k -> new HourSlot());
    slot.readings++;
    DataFlag worst = DataFlag.N;
    for (Sample s : r.samples().values()) {
      double[] sum = slot.sum.computeIfAbsent(s.code(), k -> new double[MINUTES]);
      int[] valid = slot.valid.computeIfAbsent(s.code(), k -> new int[MINUTES]);
      int[] all = slot.all.computeIfAbsent(s.code(), k -> new int[MINUTES]);
      all[minute]++;
      if (s.isValidData() && s.value(Sample.RTD) != null) {
        valid[minute]++;
        sum[minute] += s.value(Sample.RTD);
      } else if (s.flag() != null) {
        worst = s.flag();
      }
    }
    slot.flagCounts[worst.ordinal()]++;
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
    rejections.add(new Manifest.ExpectedRejection(topic, reason.name(), faultId, sha256(payload)));
    perFault.computeIfAbsent(faultId, k -> new long[2])[0]++;
  }

  void duplicate() {
    duplicates++;
  }

  static String sha256(byte[] payload) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
    for (Enterprise e : registry.enterprises()) {
      for (Outlet o : e.outlets()) {
        Map<Instant, HourSlot> slots = hours.getOrDefault(o.mn(), Map.of());
        Map<LocalDate, List<Double>> validHourly = new TreeMap<>();
        Map<LocalDate, int[]> flaggedHours = new TreeMap<>();
        Map<String, Map<LocalDate, List<Double>>> dailyByParam = new TreeMap<>();
        for (Map.Entry<Instant, HourSlot> h : slots.entrySet()) {
          Instant hour = h.getKey();
          if (hour.isBefore(start) || hour.plus(Duration.ofHours(1)).isAfter(end)) {
            continue; // partial hours at the edges of the run are not judged
          }
          HourSlot slot = h.getValue();
          LocalDate day = calendar.local(hour).toLocalDate();
          int[] fh = flaggedHours.computeIfAbsent(day, k -> new int[2]);
          fh[1]++;
          if (slot.flagCounts[DataFlag.N.ordinal()] * 4 < slot.readings * 3) {
            fh[0]++;
          }
          Double o2 = hourMean(slot, ParameterCatalogue.O2);
          for (String p : slot.sum.keySet()) {
            int validMinutes = validMinutes(slot, p);
            Double mean = hourMean(slot, p);
            if (validMinutes < thresholds.validMinutesPerHour()) {
              add(
                  cases,
                  e,
                  o.id(),
                  "D2",
                  Domain.DATA_QUALITY,
                  p,
                  hour,
                  hour.plus(Duration.ofHours(1)),
                  (double) validMinutes,
                  (double) thresholds.validMinutesPerHour(),
                  o.mn());
              continue;
            }
            Double limit = registry.limitOn(o, p, day).orElse(null);
            if (limit == null || mean == null) {
              continue;
            }
            if (o.medium() == Medium.FLUE_GAS) {
              Double ref = registry.referenceO2(o).orElse(null);
              if (ref == null || o2 == null || o2 >= thresholds.maxO2ForConversion()) {
                continue;
              }
              double converted = mean * (21 - ref) / (21 - o2);
              if (converted > limit) {
                add(
                    cases,
                    e,
                    o.id(),
                    "E1",
                    Domain.EMISSION,
                    p,
                    hour,
                    hour.plus(Duration.ofHours(1)),
                    round(converted),
                    limit,
                    o.mn());
              }
            } else {
              dailyByParam
                  .computeIfAbsent(p, k -> new TreeMap<>())
                  .computeIfAbsent(day, k -> new ArrayList<>())
                  .add(mean);
            }
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
        for (Map.Entry<LocalDate, int[]> d : flaggedHours.entrySet()) {
          int[] c = d.getValue();
          if (c[1] > 0 && c[0] > thresholds.flaggedShare() * 24) {
            Instant dayStart = d.getKey().atStartOfDay(calendar.zone()).toInstant();
            add(
                cases,
                e,
                o.id(),
                "D3",
                Domain.DATA_QUALITY,
                "-",
                dayStart,
                calendar.nextDayStart(dayStart),
                (double) c[0],
                thresholds.flaggedShare() * 24,
                o.mn());
          }
        }
        validHourly.clear();
      }
    }
  }

  private static int validMinutes(HourSlot slot, String p) {
    int[] v = slot.valid.get(p);
    int[] a = slot.all.get(p);
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

  private void energyQuota(Map<String, Manifest.ExpectedCase> cases) {
    for (Enterprise e : registry.enterprises()) {
      Map<String, Map<String, Double>> months =
          ledger.totals().getOrDefault(e.creditCode(), Map.of());
      for (Map.Entry<String, Map<String, Double>> m : months.entrySet()) {
        YearMonth ym = YearMonth.parse(m.getKey());
        Instant monthStart = ym.atDay(1).atStartOfDay(calendar.zone()).toInstant();
        Instant monthEnd = ym.plusMonths(1).atDay(1).atStartOfDay(calendar.zone()).toInstant();
        Map<String, Double> counted = m.getValue();
        double tonnes = counted.getOrDefault(ParameterCatalogue.PRODUCT, 0.0);
        if (tonnes <= 0) {
          continue;
        }
        for (EnergyQuota q : e.energyQuotas()) {
          EnergyQuotaStandard s = registry.standards().energyQuota(q.standard()).orElse(null);
          if (s == null || !s.inForceOn(ym.atDay(1))) {
            continue;
          }
          double limit = q.limitOverride() != null ? q.limitOverride() : s.level3();
          double energy = 0;
          if (s.indicator() == EnergyIndicator.ELECTRICITY) {
            energy = counted.getOrDefault(ParameterCatalogue.ELECTRICITY, 0.0);
          } else {
            for (Map.Entry<String, Double> c : counted.entrySet()) {
              energy += c.getValue() * EnergyPlan.KGCE_PER_UNIT.getOrDefault(c.getKey(), 0.0);
            }
          }
          // every production meter of the enterprise counts the same output (EnergyPlan), so the
          // product's tonnes are the total divided by the number of production meters
          double productTonnes = tonnes / Math.max(1, e.productionMeters().size());
          double perTonne = energy / productTonnes;
          if (perTonne > limit) {
            add(
                cases,
                e,
                q.product(),
                "Q1",
                Domain.ENERGY_QUOTA,
                q.standard(),
                monthStart,
                monthEnd,
                round(perTonne),
                limit,
                null);
          }
        }
      }
    }
  }

  private void faultShapes(Map<String, Manifest.ExpectedCase> cases) {
    for (Fault f : faults) {
      Duration span = Duration.between(f.from(), min(f.to(), end));
      Enterprise e = registry.enterprise(f.enterprise()).orElseThrow();
      switch (f.kind()) {
        case OFFLINE, BACKFILL -> {
          if (span.compareTo(thresholds.offline()) >= 0) {
            add(
                cases,
                e,
                f.subject(),
                "D1",
                Domain.DATA_QUALITY,
                "-",
                f.from(),
                f.to(),
                null,
                null,
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
                  f.to(),
                  null,
                  null,
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
                    f.to(),
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
                f.to(),
                null,
                thresholds.dilutionO2(),
                f.mn(),
                f.id());
          }
        }
        case CLOCK_SKEW -> {
          if (f.offset().abs().compareTo(thresholds.clockSkew()) >= 0) {
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
          rule.equals("Q1")
              ? f.kind() == FaultKind.ENERGY_QUOTA_BREACH && f.enterprise().equals(enterprise)
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
        "Validity (docs/rules.md): a valid minute has >= 1 valid real-time reading and >= 75 % of its readings normal; a valid hour has >= "
            + t.validMinutesPerHour()
            + " valid minutes; a valid day >= "
            + t.validHoursPerDay()
            + " valid hours; partial hours and days at the edges of the run are not judged.",
        "E1: valid hourly mean of a flue-gas pollutant, converted to reference O2 with the hour's mean O2 (not judged when O2 >= "
            + t.maxO2ForConversion()
            + " %), above the limit in force that local day.",
        "E2: valid daily mean of the valid hourly means of a wastewater pollutant above its limit.",
        "Q1: per local calendar month, energy per tonne over the run's part of the month (comprehensive energy in kgce at GB/T 2589-2020 coefficients, or electricity in kWh) above the quota's level 3 or local override; subject = product, parameter = quota standard id.",
        "D1: silence of >= "
            + t.offline().toMinutes()
            + " min (offline, or a back-fill that holds data back that long); window = the silence.",
        "D2: an hour with data but fewer than "
            + t.validMinutesPerHour()
            + " valid minutes, per parameter.",
        "D3: more than "
            + t.flaggedShare()
            + " x 24 hours of a local day flagged M, C, D, F or S (75 % rule on the hour's readings), per outlet.",
        "D4: a value unchanged for >= "
            + t.flatline().toMinutes()
            + " min, per flatlined concentration, O2 or flow parameter.",
        "D6: a concentration near zero at operating flow for >= "
            + t.zeroDrop().toMinutes()
            + " min.",
        "D7: O2 above "
            + t.dilutionO2()
            + " % at high flow for >= "
            + t.dilution().toMinutes()
            + " min (parameter a19001).",
        "D9: device clock off by >= "
            + t.clockSkew().toMinutes()
            + " min; duplicates are byte-identical and open nothing.",
        "One case per key: the first window opens it; its id is CaseKey.caseId(window start). Detector windows are the fault's span: match D-cases on key and overlap.");
  }
}
