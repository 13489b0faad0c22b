package io.meterwatch.jobs.rules;

import io.meterwatch.core.cases.CaseKey;
import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.Evidence;
import io.meterwatch.core.cases.Rule;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.cases.Severity;
import io.meterwatch.core.registry.Enterprise;
import io.meterwatch.core.registry.Outlet;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.rules.HourlyValue;
import io.meterwatch.core.rules.LoadArithmetic;
import io.meterwatch.core.rules.RuleConfig;
import io.meterwatch.core.time.LocalCalendar;
import io.meterwatch.jobs.windows.PeriodClock;
import io.meterwatch.jobs.windows.RevisedWindow;
import io.meterwatch.jobs.windows.WindowLifecycle;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Rule L1, total-load quota, keyed by {@link #key enterprise and pollutant}: sums the hourly loads
 * of the enterprise's outlets over the local calendar year and judges the year-to-date load against
 * the permitted annual load at the end of every local day: a breach from 80 % (WARNING) and 100 %
 * (MAJOR), with the date the quota runs out at the rate of the last 30 days (docs/rules.md).
 *
 * <p>State: the loads of the hours of days still open for back-fill (per hour and meter, so a
 * back-filled hour replaces its earlier load), and one total per closed day for the current year
 * and the last 30 days.
 *
 * <p>State lifetime: a key without hourly loads keeps its daily totals only while they can still
 * count, that is until the watermark passes the later of the next local year's start and the end of
 * the projection period after its last day, plus the allowed lateness; then its state goes and a
 * later load starts the key afresh. One cleanup timer per key and day with data (Flink keeps one
 * timer per key and time).
 */
public class AnnualLoadRule extends KeyedProcessFunction<String, HourlyValue, RuleEvent> {
  private static final long serialVersionUID = 1L;

  /** The rule id. */
  public static final Rule RULE = Rule.L1;

  private final SiteRegistry registry;
  private final RuleConfig config;
  private final PeriodClock clock;

  private transient MapState<Long, RevisedWindow> days;
  private transient MapState<String, Double> hourLoads;
  private transient MapState<Long, Double> dayTotals;
  private transient ValueState<Long> firstDay;

  public AnnualLoadRule(SiteRegistry registry, RuleConfig config, PeriodClock clock) {
    this.registry = registry;
    this.config = config;
    this.clock = clock;
  }

  /** The key of an hourly value: enterprise credit code and pollutant code. */
  public static String key(HourlyValue v) {
    return v.enterprise() + "|" + v.parameter();
  }

  /** The enterprise's permitted annual load of a pollutant: the sum over its outlets, in kg. */
  public static double quotaKg(Enterprise e, String parameter) {
    double sum = 0;
    for (Outlet o : e.outlets()) {
      sum += o.annualLoadQuotaKg().getOrDefault(parameter, 0.0);
    }
    return sum;
  }

  /** Whether an hourly value feeds this rule: it has a load and its enterprise a quota for it. */
  public static boolean applies(SiteRegistry registry, HourlyValue v) {
    return v.loadKg() != null
        && v.enterprise() != null
        && registry
            .enterprise(v.enterprise())
            .map(e -> quotaKg(e, v.parameter()) > 0)
            .orElse(false);
  }

  @Override
  public void open(OpenContext openContext) {
    days =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "days", Types.LONG, TypeInformation.of(RevisedWindow.class)));
    hourLoads =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("hourLoads", Types.STRING, Types.DOUBLE));
    dayTotals =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("dayTotals", Types.LONG, Types.DOUBLE));
    firstDay = getRuntimeContext().getState(new ValueStateDescriptor<>("firstDay", Types.LONG));
  }

  @Override
  public void processElement(HourlyValue v, Context ctx, Collector<RuleEvent> out)
      throws Exception {
    if (v.loadKg() == null) {
      return;
    }
    long hourStart = v.hourStart().toEpochMilli();
    long dayStart = clock.dayStart(hourStart);
    RevisedWindow w =
        WindowLifecycle.touch(
            days, dayStart, clock.dayEnd(dayStart), RevisedWindow::new, ctx.timerService(), clock);
    days.put(dayStart, w);
    hourLoads.put(hourStart + "|" + v.mn(), v.loadKg());
    Long first = firstDay.value();
    if (first == null || dayStart < first) {
      firstDay.update(dayStart);
    }
    ctx.timerService().registerEventTimeTimer(quietUntil(dayStart));
  }

  /**
   * When the totals of a key whose last day with a load is {@code dayStart} no longer count: after
   * the local year of that day and the projection period after it, plus the allowed lateness.
   */
  private long quietUntil(long dayStart) {
    LocalCalendar cal = clock.calendar();
    Instant day = Instant.ofEpochMilli(dayStart);
    long yearEnd = cal.nextYearStart(day).toEpochMilli();
    long projectionEnd =
        cal.instant(
                cal.local(day).toLocalDate().plusDays(config.loadProjectionDays()).atStartOfDay())
            .toEpochMilli();
    return clock.cleanupAt(Math.max(yearEnd, projectionEnd));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<RuleEvent> out)
      throws Exception {
    String key = ctx.getCurrentKey();
    int bar = key.indexOf('|');
    String enterprise = key.substring(0, bar);
    String parameter = key.substring(bar + 1);
    WindowLifecycle.sweep(
        days,
        clock::dayEnd,
        ctx.timerService().currentWatermark(),
        clock,
        (dayStart, w, revision) -> judge(enterprise, parameter, dayStart).ifPresent(out::collect),
        (dayStart, w, revision) -> fold(dayStart));
    dropWhenQuiet(ctx.timerService().currentWatermark());
  }

  /** Drops the key's state when no open day is left and its last day's totals no longer count. */
  private void dropWhenQuiet(long watermark) throws Exception {
    if (days.keys().iterator().hasNext() || hourLoads.keys().iterator().hasNext()) {
      return;
    }
    long last = Long.MIN_VALUE;
    for (Long d : dayTotals.keys()) {
      last = Math.max(last, d);
    }
    if (last == Long.MIN_VALUE || quietUntil(last) <= watermark) {
      dayTotals.clear();
      firstDay.clear();
    }
  }

  private Optional<RuleEvent> judge(String enterpriseCode, String parameter, long dayStart)
      throws Exception {
    Enterprise e = registry.enterprise(enterpriseCode).orElse(null);
    if (e == null) {
      return Optional.empty();
    }
    double quota = quotaKg(e, parameter);
    if (!(quota > 0)) {
      return Optional.empty();
    }
    LocalCalendar cal = clock.calendar();
    LocalDate day = cal.local(Instant.ofEpochMilli(dayStart)).toLocalDate();
    long yearStart = cal.yearStart(Instant.ofEpochMilli(dayStart)).toEpochMilli();
    long dayEnd = clock.dayEnd(dayStart);
    long recentStart = recentStart(day);
    double ytd = 0;
    double recent = 0;
    for (Map.Entry<Long, Double> t : dayTotals.entries()) {
      long d = t.getKey();
      if (d >= yearStart && d < dayEnd) {
        ytd += t.getValue();
      }
      if (d >= recentStart && d < dayEnd) {
        recent += t.getValue();
      }
    }
    for (Map.Entry<String, Double> h : hourLoads.entries()) {
      long hour = hourOf(h.getKey());
      if (hour >= yearStart && hour < dayEnd) {
        ytd += h.getValue();
      }
      if (hour >= recentStart && hour < dayEnd) {
        recent += h.getValue();
      }
    }
    LocalDate first = cal.local(Instant.ofEpochMilli(firstDay.value())).toLocalDate();
    LocalDate from = cal.local(Instant.ofEpochMilli(recentStart)).toLocalDate();
    if (first.isAfter(from)) {
      from = first;
    }
    int recentDays = (int) ChronoUnit.DAYS.between(from, day) + 1;
    double share = LoadArithmetic.share(ytd, quota);
    Optional<LocalDate> exhaustion =
        LoadArithmetic.projectedExhaustion(ytd, quota, recent, recentDays, day);
    boolean breach = share >= config.loadWarningShare();
    Severity severity = share >= 1 ? Severity.MAJOR : breach ? Severity.WARNING : Severity.INFO;
    String detail =
        String.format(
            Locale.ROOT,
            "%.1f %% of the %d annual quota; %s at %.3f kg/day (last %d days)",
            share * 100,
            day.getYear(),
            exhaustion.map(d -> "projected exhaustion " + d).orElse("no projected exhaustion"),
            recent / recentDays,
            recentDays);
    return Optional.of(
        new RuleEvent(
            CaseKey.of(enterpriseCode, enterpriseCode, RULE, parameter),
            Domain.LOAD_QUOTA,
            e.county(),
            breach,
            severity,
            new Evidence(
                Instant.ofEpochMilli(dayStart),
                Instant.ofEpochMilli(dayEnd),
                ytd,
                quota,
                "kg",
                "annual load quota",
                (ytd - quota) / quota,
                null,
                detail)));
  }

  /** Start of the first day of the projection period ending with {@code day}. */
  private long recentStart(LocalDate day) {
    return clock
        .calendar()
        .instant(day.minusDays(config.loadProjectionDays() - 1L).atStartOfDay())
        .toEpochMilli();
  }

  /** Folds a day whose lateness has passed into its daily total and prunes old totals. */
  private void fold(long dayStart) throws Exception {
    long dayEnd = clock.dayEnd(dayStart);
    double sum = 0;
    List<String> done = new ArrayList<>();
    for (Map.Entry<String, Double> h : hourLoads.entries()) {
      long hour = hourOf(h.getKey());
      if (hour >= dayStart && hour < dayEnd) {
        sum += h.getValue();
        done.add(h.getKey());
      }
    }
    for (String k : done) {
      hourLoads.remove(k);
    }
    dayTotals.put(dayStart, sum);
    LocalCalendar cal = clock.calendar();
    long keepFrom =
        Math.min(
            cal.yearStart(Instant.ofEpochMilli(dayStart)).toEpochMilli(),
            recentStart(cal.local(Instant.ofEpochMilli(dayStart)).toLocalDate()));
    List<Long> old = new ArrayList<>();
    for (Long d : dayTotals.keys()) {
      if (d < keepFrom) {
        old.add(d);
      }
    }
    for (Long d : old) {
      dayTotals.remove(d);
    }
  }

  private static long hourOf(String hourKey) {
    return Long.parseLong(hourKey.substring(0, hourKey.indexOf('|')));
  }
}
