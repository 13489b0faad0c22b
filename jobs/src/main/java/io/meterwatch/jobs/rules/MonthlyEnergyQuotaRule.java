package io.meterwatch.jobs.rules;

import io.meterwatch.core.cases.CaseKey;
import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.Evidence;
import io.meterwatch.core.cases.Rule;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.cases.Severity;
import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.registry.EnergyMeter;
import io.meterwatch.core.registry.EnergyQuota;
import io.meterwatch.core.registry.Enterprise;
import io.meterwatch.core.registry.MeterRef;
import io.meterwatch.core.registry.ProductionMeter;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.rules.EmissionArithmetic;
import io.meterwatch.core.rules.EnergyCoverage;
import io.meterwatch.core.rules.RuleConfig;
import io.meterwatch.core.standards.EnergyIndicator;
import io.meterwatch.core.standards.EnergyQuotaStandard;
import io.meterwatch.core.standards.StandardCoal;
import io.meterwatch.jobs.source.CompactReading;
import io.meterwatch.jobs.source.ParameterSlots;
import io.meterwatch.jobs.windows.CounterSpan;
import io.meterwatch.jobs.windows.PeriodClock;
import io.meterwatch.jobs.windows.RevisedWindow;
import io.meterwatch.jobs.windows.WindowLifecycle;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Rule Q1, energy quota, keyed by enterprise: per local calendar month, the comprehensive energy
 * (kgce, standard-coal coefficients) or electricity (kWh) per tonne of each quota's product against
 * the quota's level 3 (or the registry's stricter override). Counters are cumulative: a meter's
 * month is its last value in the month minus its last value of the month before (docs/rules.md). A
 * month is judged only when every meter a quota needs covers at least {@link
 * RuleConfig#minEnergyCoverage()} of it ({@link EnergyCoverage}); a month with incomplete data, or
 * with energy and no output, is not judged but reported as {@code Q1N}. A month the input ended in
 * is never judged.
 *
 * <p>State lifetime: a month's window and counter spans go when its allowed lateness has passed;
 * the baselines (each meter's last value of the last month) go when the month after the last month
 * with counter data has passed its allowed lateness without data: a counter that returns after a
 * whole local month without data starts from its own first value, so the energy of the gap is not
 * put on one month. One cleanup timer per key and month with data.
 */
public class MonthlyEnergyQuotaRule
    extends KeyedProcessFunction<String, CompactReading, RuleEvent> {
  private static final long serialVersionUID = 1L;

  /** The rule id of the quota judgement. */
  public static final Rule RULE = Rule.Q1;

  /** The rule id of a month with energy use and no output (not judged, to verify). */
  public static final Rule NO_OUTPUT = Rule.Q1N;

  private static final int PRODUCT_SLOT = ParameterSlots.slot(ParameterCatalogue.PRODUCT);
  private static final long HOUR_MS = 3_600_000L;

  private final SiteRegistry registry;
  private final RuleConfig config;
  private final PeriodClock clock;

  private transient MapState<Long, RevisedWindow> months;
  private transient MapState<String, CounterSpan> spans;
  private transient MapState<String, CounterSpan> baselines;
  private transient Counter counterResets;

  public MonthlyEnergyQuotaRule(SiteRegistry registry, RuleConfig config, PeriodClock clock) {
    this.registry = registry;
    this.config = config;
    this.clock = clock;
  }

  @Override
  public void open(OpenContext openContext) {
    months =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "months", Types.LONG, TypeInformation.of(RevisedWindow.class)));
    spans =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "spans", Types.STRING, TypeInformation.of(CounterSpan.class)));
    baselines =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "baselines", Types.STRING, TypeInformation.of(CounterSpan.class)));
    counterResets = getRuntimeContext().getMetricGroup().counter("counterResets");
  }

  @Override
  public void processElement(CompactReading r, Context ctx, Collector<RuleEvent> out)
      throws Exception {
    MeterRef ref = registry.meter(r.mn).orElse(null);
    if (ref == null) {
      return;
    }
    int slot;
    if (ref.energyMeter() != null) {
      slot = ParameterSlots.slot(ref.energyMeter().carrier());
    } else if (ref.productionMeter() != null) {
      slot = PRODUCT_SLOT;
    } else {
      return;
    }
    for (int i = 0; i < r.slots.length; i++) {
      if (r.slots[i] != slot) {
        continue;
      }
      DataFlag flag = r.flag(i);
      double counter = Double.isNaN(r.cou[i]) ? r.values[i] : r.cou[i];
      if ((flag != null && !flag.isValidData()) || Double.isNaN(counter)) {
        continue;
      }
      long monthStart = clock.monthStart(r.dataTime);
      RevisedWindow w =
          WindowLifecycle.touch(
              months,
              monthStart,
              clock.monthEnd(monthStart),
              RevisedWindow::new,
              ctx.timerService(),
              clock);
      months.put(monthStart, w);
      String spanKey = monthStart + "|" + r.mn;
      CounterSpan span = spans.get(spanKey);
      if (span == null) {
        span = new CounterSpan();
      }
      span.add(r.dataTime, counter);
      spans.put(spanKey, span);
      ctx.timerService().registerEventTimeTimer(quietUntil(monthStart));
    }
  }

  /** When the baselines of a month with data are no longer used: the next month is closed. */
  private long quietUntil(long monthStart) {
    return clock.cleanupAt(clock.monthEnd(clock.monthEnd(monthStart)));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<RuleEvent> out)
      throws Exception {
    Enterprise e = registry.enterprise(ctx.getCurrentKey()).orElse(null);
    long watermark = ctx.timerService().currentWatermark();
    WindowLifecycle.sweep(
        months,
        clock::monthEnd,
        watermark,
        clock,
        (monthStart, w, revision) -> {
          if (e != null) {
            judge(e, monthStart, watermark, out);
          }
        },
        (monthStart, w, revision) -> fold(e, monthStart));
    dropWhenQuiet(ctx.timerService().currentWatermark());
  }

  /** Drops the baselines when no month is open and the month after the last one has closed. */
  private void dropWhenQuiet(long watermark) throws Exception {
    if (months.keys().iterator().hasNext() || spans.keys().iterator().hasNext()) {
      return;
    }
    long last = Long.MIN_VALUE;
    for (CounterSpan b : baselines.values()) {
      last = Math.max(last, b.lastTime);
    }
    if (last == Long.MIN_VALUE || quietUntil(clock.monthStart(last)) <= watermark) {
      baselines.clear();
    }
  }

  private void judge(Enterprise e, long monthStart, long watermark, Collector<RuleEvent> out)
      throws Exception {
    long monthEnd = clock.monthEnd(monthStart);
    Map<String, Double> coverage = coverage(e, monthStart, monthEnd, watermark);
    if (coverage == null) {
      return; // the input ended inside the month: a partial month is never judged (as D2)
    }
    Map<String, Double> energy = new LinkedHashMap<>();
    Map<String, Double> output = new LinkedHashMap<>();
    for (EnergyMeter m : e.energyMeters()) {
      double amount = amount(monthStart, m.mn());
      if (Double.isNaN(amount)) {
        counterResets.inc();
        return;
      }
      if (StandardCoal.coefficient(m.carrier()).isPresent()) {
        energy.merge(m.carrier(), amount, Double::sum);
      }
    }
    for (ProductionMeter m : e.productionMeters()) {
      double amount = amount(monthStart, m.mn());
      if (Double.isNaN(amount)) {
        counterResets.inc();
        return;
      }
      output.merge(m.product(), amount, Double::sum);
    }
    double kgce = StandardCoal.kgce(energy);
    double kwh = energy.getOrDefault(ParameterCatalogue.ELECTRICITY, 0.0);
    Instant start = Instant.ofEpochMilli(monthStart);
    Instant end = Instant.ofEpochMilli(clock.monthEnd(monthStart));
    LocalDate firstDay = clock.calendar().local(start).toLocalDate();
    Set<String> products = new LinkedHashSet<>();
    Map<String, Gap> gaps = new LinkedHashMap<>();
    for (EnergyQuota q : e.energyQuotas()) {
      EnergyQuotaStandard std = registry.standards().energyQuota(q.standard()).orElse(null);
      if (std == null || !std.inForceOn(firstDay)) {
        continue;
      }
      String product = q.product() != null ? q.product() : std.product();
      products.add(product);
      boolean electricity = std.indicator() == EnergyIndicator.ELECTRICITY;
      Gap gap = leastCovered(e, product, electricity, coverage);
      if (gap != null && !EnergyCoverage.judgeable(gap.coverage(), config.minEnergyCoverage())) {
        gaps.merge(product, gap, (a, b) -> a.coverage() <= b.coverage() ? a : b);
        continue; // incomplete data: not judged, reported as Q1N below
      }
      double tonnes = output.getOrDefault(product, 0.0);
      if (!(tonnes > 0)) {
        continue;
      }
      double value = (electricity ? kwh : kgce) / tonnes;
      double limit = q.limitOverride() != null ? q.limitOverride() : std.level3();
      boolean breach = EmissionArithmetic.exceeds(value, limit);
      double multiple = EmissionArithmetic.multiple(value, limit);
      String detail =
          String.format(
              Locale.ROOT,
              "%s %.3f %s for %.3f t of %s",
              electricity ? "electricity" : "comprehensive energy",
              electricity ? kwh : kgce,
              electricity ? "kWh" : "kgce",
              tonnes,
              product);
      out.collect(
          new RuleEvent(
              CaseKey.of(e.creditCode(), product, RULE, std.id()),
              Domain.ENERGY_QUOTA,
              e.county(),
              breach,
              EmissionArithmetic.severity(breach, multiple, config),
              new Evidence(
                  start, end, value, limit, std.unit(), std.id(), multiple, null, detail)));
    }
    for (String product : products) {
      Gap gap = gaps.get(product);
      if (gap != null) {
        out.collect(notJudgeable(e, product, gap, start, end));
        continue;
      }
      double tonnes = output.getOrDefault(product, 0.0);
      boolean noOutput = !(tonnes > 0);
      if (noOutput && !(kgce > 0)) {
        continue;
      }
      String detail =
          noOutput
              ? String.format(
                  Locale.ROOT,
                  "%.3f kgce of energy used and no %s output recorded: month not judged, verify"
                      + " the production meter",
                  kgce,
                  product)
              : String.format(Locale.ROOT, "%.3f t of %s recorded", tonnes, product);
      out.collect(
          new RuleEvent(
              CaseKey.of(e.creditCode(), product, NO_OUTPUT, null),
              Domain.ENERGY_QUOTA,
              e.county(),
              noOutput,
              noOutput ? Severity.WARNING : Severity.INFO,
              new Evidence(start, end, kgce, null, "kgce", null, null, null, detail)));
    }
  }

  /**
   * The meter that covers the least of the month, and how much, or {@code null} when a quota needs
   * no meter of the enterprise.
   *
   * @param meter the meter's MN
   * @param what the carrier or product it counts
   * @param coverage its share of the month
   */
  private record Gap(String meter, String what, double coverage) {}

  /**
   * The least-covered meter a quota of {@code product} needs: the product's production meters, and
   * the electricity meters (electricity quotas) or every energy meter with a standard-coal
   * coefficient (comprehensive-energy quotas).
   */
  private static Gap leastCovered(
      Enterprise e, String product, boolean electricity, Map<String, Double> coverage) {
    Gap least = null;
    for (EnergyMeter m : e.energyMeters()) {
      boolean needed =
          electricity
              ? ParameterCatalogue.ELECTRICITY.equals(m.carrier())
              : StandardCoal.coefficient(m.carrier()).isPresent();
      double c = coverage.getOrDefault(m.mn(), 0.0);
      if (needed && (least == null || c < least.coverage())) {
        least = new Gap(m.mn(), m.carrier(), c);
      }
    }
    for (ProductionMeter m : e.productionMeters()) {
      double c = coverage.getOrDefault(m.mn(), 0.0);
      if (product.equals(m.product()) && (least == null || c < least.coverage())) {
        least = new Gap(m.mn(), m.product(), c);
      }
    }
    return least;
  }

  /**
   * Each counter meter's coverage of the month ({@link EnergyCoverage}), measured from the month
   * start, or from the enterprise's first data when the job saw none of its meters before the
   * month; {@code null} when the input ended inside the month (bounded input: the watermark is at
   * its end and no meter sent data in the month's last hour).
   */
  private Map<String, Double> coverage(Enterprise e, long monthStart, long monthEnd, long watermark)
      throws Exception {
    List<String> meters = new ArrayList<>();
    e.energyMeters().forEach(m -> meters.add(m.mn()));
    e.productionMeters().forEach(m -> meters.add(m.mn()));
    boolean seenBefore = false;
    long firstData = Long.MAX_VALUE;
    long lastData = Long.MIN_VALUE;
    for (String mn : meters) {
      CounterSpan base = baselines.get(mn);
      seenBefore |= base != null && base.lastTime < monthStart;
      CounterSpan span = spans.get(monthStart + "|" + mn);
      if (span != null) {
        firstData = Math.min(firstData, span.firstTime);
        lastData = Math.max(lastData, span.lastTime);
      }
    }
    if (watermark == Long.MAX_VALUE && lastData + HOUR_MS < monthEnd) {
      return null;
    }
    long possibleFrom = seenBefore ? monthStart : Math.max(monthStart, firstData);
    Map<String, Double> out = new LinkedHashMap<>();
    for (String mn : meters) {
      CounterSpan span = spans.get(monthStart + "|" + mn);
      if (span == null) {
        out.put(mn, 0.0);
        continue;
      }
      CounterSpan base = baselines.get(mn);
      long from = base != null && base.lastTime < monthStart ? base.lastTime : span.firstTime;
      out.put(mn, EnergyCoverage.coverage(from, span.lastTime, possibleFrom, monthEnd));
    }
    return out;
  }

  /** Q1N for a month whose data do not cover enough of it: not judged, verify the meter. */
  private RuleEvent notJudgeable(
      Enterprise e, String product, Gap gap, Instant start, Instant end) {
    String detail =
        String.format(
            Locale.ROOT,
            "%s meter %s covers %.0f %% of the month (at least %.0f %% needed): month not"
                + " judged, verify the meter",
            gap.what(),
            gap.meter(),
            100 * gap.coverage(),
            100 * config.minEnergyCoverage());
    return new RuleEvent(
        CaseKey.of(e.creditCode(), product, NO_OUTPUT, null),
        Domain.ENERGY_QUOTA,
        e.county(),
        true,
        Severity.WARNING,
        new Evidence(
            start,
            end,
            100 * gap.coverage(),
            100 * config.minEnergyCoverage(),
            "%",
            null,
            null,
            null,
            detail));
  }

  /**
   * A meter's amount in the month: last value minus the previous month's last value (or the month's
   * first); 0 when the meter sent nothing; NaN when the counter went down.
   */
  private double amount(long monthStart, String mn) throws Exception {
    CounterSpan span = spans.get(monthStart + "|" + mn);
    if (span == null) {
      return 0;
    }
    CounterSpan base = baselines.get(mn);
    double from = base != null && base.lastTime < monthStart ? base.lastValue : span.firstValue;
    double amount = span.lastValue - from;
    return amount < 0 ? Double.NaN : amount;
  }

  /** When a month can no longer change: its last counter values become the next baselines. */
  private void fold(Enterprise e, long monthStart) throws Exception {
    List<String> done = new ArrayList<>();
    String prefix = monthStart + "|";
    for (Map.Entry<String, CounterSpan> s : spans.entries()) {
      if (s.getKey().startsWith(prefix)) {
        String mn = s.getKey().substring(prefix.length());
        CounterSpan base = baselines.get(mn);
        if (base == null || s.getValue().lastTime > base.lastTime) {
          baselines.put(mn, s.getValue());
        }
        done.add(s.getKey());
      }
    }
    for (String k : done) {
      spans.remove(k);
    }
  }
}
