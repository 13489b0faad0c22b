package io.meterwatch.jobs.quality;

import io.meterwatch.core.cases.Rule;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.quality.DataQualityEvents;
import io.meterwatch.core.quality.DetectorConfig;
import io.meterwatch.core.quality.EnergyProductionBalance;
import io.meterwatch.core.quality.Finding;
import io.meterwatch.core.quality.MonthlyCapture;
import io.meterwatch.core.registry.EnergyMeter;
import io.meterwatch.core.registry.Enterprise;
import io.meterwatch.core.registry.MeterRef;
import io.meterwatch.core.registry.ProductionMeter;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.standards.StandardCoal;
import io.meterwatch.jobs.source.CompactReading;
import io.meterwatch.jobs.source.ParameterSlots;
import io.meterwatch.jobs.windows.CounterSpan;
import io.meterwatch.jobs.windows.PeriodClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The detectors over an enterprise's energy and production counters, keyed by enterprise
 * (docs/rules.md, "D10" and "D2 month capture"): per local day, energy used without production or
 * production without energy; per local month, the data capture of each counter meter. Days and
 * months are judged once when the watermark passes their end, and their state is dropped then. What
 * the enterprise's state keeps across periods (last counter values, first hours, the reference
 * days) is dropped with its timer when no counter reading came for {@code quietRetention} after the
 * end of the local month of its latest data: the next reading starts afresh.
 */
public class CounterDetectorsFunction
    extends KeyedProcessFunction<String, CompactReading, RuleEvent> {
  private static final long serialVersionUID = 1L;
  private static final long HOUR_MS = 3_600_000L;
  private static final int PRODUCT_SLOT = ParameterSlots.slot(ParameterCatalogue.PRODUCT);

  private final SiteRegistry registry;
  private final DetectorConfig config;
  private final PeriodClock clock;

  /** "dayStart|mn" → the meter's counter span in that day. */
  private transient MapState<String, CounterSpan> daySpans;

  /** mn → the meter's last counter value of the last judged day. */
  private transient MapState<String, Double> lastCounters;

  /** "monthStart|mn" → hours of the month with data (bit per hour). */
  private transient MapState<String, long[]> monthHours;

  /** mn → start of the first hour the job saw data from the meter. */
  private transient MapState<String, Long> firstHours;

  private transient ValueState<EnergyBalance> balance;

  public CounterDetectorsFunction(SiteRegistry registry, DetectorConfig config, PeriodClock clock) {
    this.registry = registry;
    this.config = config;
    this.clock = clock;
  }

  @Override
  public void open(OpenContext openContext) {
    var rc = getRuntimeContext();
    daySpans =
        rc.getMapState(
            new MapStateDescriptor<>(
                "dq-day-spans", Types.STRING, TypeInformation.of(CounterSpan.class)));
    lastCounters =
        rc.getMapState(new MapStateDescriptor<>("dq-last-counters", Types.STRING, Types.DOUBLE));
    monthHours =
        rc.getMapState(
            new MapStateDescriptor<>(
                "dq-month-hours",
                Types.STRING,
                PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    firstHours =
        rc.getMapState(new MapStateDescriptor<>("dq-first-hours", Types.STRING, Types.LONG));
    balance =
        rc.getState(
            new ValueStateDescriptor<>("dq-balance", TypeInformation.of(EnergyBalance.class)));
  }

  /** The slot of the counter a meter reads, or -1 when it is not a counter meter. */
  static int counterSlot(MeterRef ref) {
    if (ref.energyMeter() != null) {
      return ParameterSlots.slot(ref.energyMeter().carrier());
    }
    return ref.productionMeter() != null ? PRODUCT_SLOT : -1;
  }

  @Override
  public void processElement(CompactReading r, Context ctx, Collector<RuleEvent> out)
      throws Exception {
    MeterRef ref = registry.meter(r.mn).orElse(null);
    if (ref == null) {
      return;
    }
    int slot = counterSlot(ref);
    long watermark = ctx.timerService().currentWatermark();
    for (int i = 0; i < r.slots.length; i++) {
      if (r.slots[i] != slot) {
        continue;
      }
      DataFlag flag = r.flag(i);
      double counter = Double.isNaN(r.cou[i]) ? r.values[i] : r.cou[i];
      if ((flag != null && !flag.isValidData()) || Double.isNaN(counter)) {
        continue;
      }
      EnergyBalance b = balance.value();
      if (b == null) {
        b = EnergyBalance.create(config.referenceDays());
      }
      b.lastDataTime = Math.max(b.lastDataTime, r.dataTime);
      if (b.cleanupTimer == Long.MIN_VALUE) {
        b.cleanupTimer = quietUntil(b);
        ctx.timerService().registerEventTimeTimer(b.cleanupTimer);
      }
      balance.update(b);
      long hour = clock.hourStart(r.dataTime);
      Long first = firstHours.get(r.mn);
      if (first == null || hour < first) {
        firstHours.put(r.mn, hour);
      }
      long dayStart = clock.dayStart(r.dataTime);
      long dayEnd = clock.dayEnd(r.dataTime);
      if (config.on(Rule.D10) && PeriodClock.judgeAt(dayEnd) > watermark) {
        String key = dayStart + "|" + r.mn;
        CounterSpan span = daySpans.get(key);
        if (span == null) {
          span = new CounterSpan();
          ctx.timerService().registerEventTimeTimer(PeriodClock.judgeAt(dayEnd));
        }
        span.add(r.dataTime, counter);
        daySpans.put(key, span);
      }
      long monthStart = clock.monthStart(r.dataTime);
      long monthEnd = clock.monthEnd(r.dataTime);
      if (config.on(Rule.D2) && PeriodClock.judgeAt(monthEnd) > watermark) {
        String key = monthStart + "|" + r.mn;
        long[] hours = monthHours.get(key);
        if (hours == null) {
          hours = new long[12]; // 744 hours, the longest month
          ctx.timerService().registerEventTimeTimer(PeriodClock.judgeAt(monthEnd));
        }
        int index = (int) ((hour - monthStart) / HOUR_MS);
        hours[index / 64] |= 1L << (index % 64);
        monthHours.put(key, hours);
      }
    }
  }

  /** When an enterprise's state goes if no later reading comes: after its last month was judged. */
  private long quietUntil(EnergyBalance b) {
    return clock.monthEnd(b.lastDataTime) + config.quietRetention().toMillis();
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<RuleEvent> out)
      throws Exception {
    Enterprise e = registry.enterprise(ctx.getCurrentKey()).orElse(null);
    EnergyBalance b = balance.value();
    if (b != null && timestamp == b.cleanupTimer) {
      long due = quietUntil(b);
      if (due > timestamp) {
        b.cleanupTimer = due;
        ctx.timerService().registerEventTimeTimer(due);
        balance.update(b);
      } else {
        // every day and month of the enterprise was judged before: nothing is pending
        daySpans.clear();
        lastCounters.clear();
        monthHours.clear();
        firstHours.clear();
        balance.clear();
        return;
      }
    }
    if (e == null || b == null) {
      return;
    }
    long watermark = ctx.timerService().currentWatermark();
    List<Long> days = new ArrayList<>();
    for (String key : daySpans.keys()) {
      long dayStart = Long.parseLong(key.substring(0, key.indexOf('|')));
      if (PeriodClock.judgeAt(clock.dayEnd(dayStart)) <= watermark && !days.contains(dayStart)) {
        days.add(dayStart);
      }
    }
    days.sort(null);
    for (long dayStart : days) {
      judgeDay(e, b, dayStart, watermark, out);
    }
    List<String> months = new ArrayList<>();
    for (String key : monthHours.keys()) {
      long monthStart = Long.parseLong(key.substring(0, key.indexOf('|')));
      if (PeriodClock.judgeAt(clock.monthEnd(monthStart)) <= watermark) {
        months.add(key);
      }
    }
    List<Long> monthStarts = new ArrayList<>();
    for (String key : months) {
      long monthStart = Long.parseLong(key.substring(0, key.indexOf('|')));
      if (!monthStarts.contains(monthStart)) {
        monthStarts.add(monthStart);
      }
      judgeMonth(e, b, key, watermark, out);
    }
    for (long monthStart : monthStarts) {
      silentMeters(e, b, monthStart, months, watermark, out);
    }
    balance.update(b);
  }

  private void judgeDay(
      Enterprise e, EnergyBalance b, long dayStart, long watermark, Collector<RuleEvent> out)
      throws Exception {
    long dayEnd = clock.dayEnd(dayStart);
    double kgce = 0;
    double output = 0;
    boolean energyReported = false;
    boolean known = true;
    List<String> meters = new ArrayList<>();
    e.energyMeters().forEach(m -> meters.add(m.mn()));
    e.productionMeters().forEach(m -> meters.add(m.mn()));
    for (String mn : meters) {
      CounterSpan span = daySpans.get(dayStart + "|" + mn);
      if (span == null) {
        continue;
      }
      daySpans.remove(dayStart + "|" + mn);
      Double last = lastCounters.get(mn);
      double amount = span.lastValue - (last != null ? last : span.firstValue);
      lastCounters.put(mn, span.lastValue);
      if (amount < 0) {
        known = false; // counter replaced: the day is unknown
        continue;
      }
      EnergyMeter em = registry.meter(mn).map(MeterRef::energyMeter).orElse(null);
      ProductionMeter pm = registry.meter(mn).map(MeterRef::productionMeter).orElse(null);
      if (em != null && StandardCoal.coefficient(em.carrier()).isPresent()) {
        energyReported = true;
        kgce += StandardCoal.kgce(em.carrier(), amount);
      } else if (pm != null) {
        output += amount;
      }
    }
    boolean partialAtEnd = watermark == Long.MAX_VALUE && b.lastDataTime + HOUR_MS < dayEnd;
    if (!known || partialAtEnd) {
      return;
    }
    double reference = b.reference();
    EnergyProductionBalance.Finding f =
        EnergyProductionBalance.judge(
            kgce, output, energyReported, reference, config.idleEnergyShare());
    if (output > 0 && kgce > 0) {
      b.addProductionDay(kgce);
    }
    if (f == EnergyProductionBalance.Finding.NOT_JUDGED) {
      return;
    }
    boolean breach = f != EnergyProductionBalance.Finding.CLEAR;
    boolean noEnergy = f == EnergyProductionBalance.Finding.PRODUCTION_WITHOUT_ENERGY;
    Double idle =
        Double.isNaN(reference)
            ? null
            : EnergyProductionBalance.idleThreshold(reference, config.idleEnergyShare());
    Finding finding =
        Finding.judged(Rule.D10, null, breach)
            .window(dayStart, dayEnd)
            .figures(
                noEnergy ? output : kgce,
                noEnergy ? Double.valueOf(0) : idle,
                noEnergy ? "t" : "kgce")
            .detail(
                String.format(
                    Locale.ROOT,
                    "%s: energy %.3f kgce, output %.3f t, reference %.3f kgce/day",
                    switch (f) {
                      case ENERGY_WITHOUT_PRODUCTION -> "energy without production";
                      case PRODUCTION_WITHOUT_ENERGY -> "production without energy";
                      default -> "energy and production consistent";
                    },
                    kgce,
                    output,
                    reference))
            .build();
    out.collect(finding.event(e.creditCode(), e.creditCode(), e.county()));
  }

  /**
   * D2 month capture of the enterprise's counter meters that sent nothing in a month its other
   * meters sent data in: capture 0 over the hours from the month start (or the enterprise's first
   * data, if later), so a meter that fell silent for a whole month is a finding too (Q1 reports the
   * month as not judgeable beside it).
   */
  private void silentMeters(
      Enterprise e,
      EnergyBalance b,
      long monthStart,
      List<String> judged,
      long watermark,
      Collector<RuleEvent> out)
      throws Exception {
    long monthEnd = clock.monthEnd(monthStart);
    if (watermark == Long.MAX_VALUE && b.lastDataTime + HOUR_MS < monthEnd) {
      return;
    }
    List<String> meters = new ArrayList<>();
    e.energyMeters().forEach(m -> meters.add(m.mn()));
    e.productionMeters().forEach(m -> meters.add(m.mn()));
    long first = Long.MAX_VALUE;
    for (String mn : meters) {
      Long f = firstHours.get(mn);
      first = f == null ? first : Math.min(first, f);
    }
    int possible = (int) ((monthEnd - Math.max(monthStart, first)) / HOUR_MS);
    if (first == Long.MAX_VALUE || possible <= 0) {
      return;
    }
    for (String mn : meters) {
      MeterRef ref = registry.meter(mn).orElse(null);
      if (ref == null || counterSlot(ref) < 0 || judged.contains(monthStart + "|" + mn)) {
        continue;
      }
      String code = ParameterSlots.parameter(counterSlot(ref)).code();
      out.collect(
          DataQualityEvents.event(
              ref,
              mn,
              Finding.breach(Rule.D2, code)
                  .window(monthStart, monthEnd)
                  .figures(0.0, 100 * config.minMonthlyCapture(), "%")
                  .count(0)
                  .detail(mn + ": no data in the " + possible + " hours of the local month")
                  .build()));
    }
  }

  private void judgeMonth(
      Enterprise e, EnergyBalance b, String key, long watermark, Collector<RuleEvent> out)
      throws Exception {
    long[] hours = monthHours.get(key);
    monthHours.remove(key);
    int bar = key.indexOf('|');
    long monthStart = Long.parseLong(key.substring(0, bar));
    String mn = key.substring(bar + 1);
    long monthEnd = clock.monthEnd(monthStart);
    MeterRef ref = registry.meter(mn).orElse(null);
    Long first = firstHours.get(mn);
    if (ref == null
        || first == null
        || (watermark == Long.MAX_VALUE && b.lastDataTime + HOUR_MS < monthEnd)) {
      return;
    }
    int possible = (int) ((monthEnd - Math.max(monthStart, first)) / HOUR_MS);
    int seen = 0;
    for (long w : hours) {
      seen += Long.bitCount(w);
    }
    double capture = MonthlyCapture.capture(seen, possible);
    String code = ParameterSlots.parameter(counterSlot(ref)).code();
    out.collect(
        DataQualityEvents.event(
            ref,
            mn,
            Finding.judged(
                    Rule.D2,
                    code,
                    MonthlyCapture.incomplete(seen, possible, config.minMonthlyCapture()))
                .window(monthStart, monthEnd)
                .figures(100 * capture, 100 * config.minMonthlyCapture(), "%")
                .count(seen)
                .detail(mn + ": data in " + seen + " of " + possible + " hours of the local month")
                .build()));
  }
}
