package io.meterwatch.jobs.quality;

import io.meterwatch.core.cases.Rule;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.cases.Severity;
import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.Parameter;
import io.meterwatch.core.model.Quantity;
import io.meterwatch.core.quality.DetectorConfig;
import io.meterwatch.core.quality.Episode;
import io.meterwatch.core.quality.Finding;
import io.meterwatch.core.quality.FlagMisuse;
import io.meterwatch.core.quality.ReportedFigures;
import io.meterwatch.core.registry.MeterRef;
import io.meterwatch.core.registry.Outlet;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.rules.HourSource;
import io.meterwatch.core.rules.HourlyValue;
import io.meterwatch.core.rules.ValidityConfig;
import io.meterwatch.jobs.source.ParameterSlots;
import io.meterwatch.jobs.windows.PeriodClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
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
 * The detectors that judge hourly values of one outlet meter, keyed by MN (docs/rules.md, "D2",
 * "D3", "D8"): D2 incomplete hours and days, D3 flagged hours per day and manual values hiding an
 * exceedance, D8 device figures versus the recomputed hour. Hourly judgements are emitted as each
 * hourly value arrives (a revised hour is judged again); days are judged when the watermark passes
 * the end of the local day, once, and their state is dropped then. What the meter's state keeps
 * across days (first and last hour, D3's last exceeding hours) is dropped with its timer when no
 * hourly value came for {@code quietRetention} after the end of the local day of its last hour.
 */
public class HourDetectorsFunction extends KeyedProcessFunction<String, HourlyValue, RuleEvent> {
  private static final long serialVersionUID = 1L;
  private static final long HOUR_MS = 3_600_000L;

  private final SiteRegistry registry;
  private final OutletSettings settings;
  private final ValidityConfig validity;
  private final PeriodClock clock;

  private transient ValueState<HourQuality> meter;
  private transient MapState<Long, DayQuality> days;

  public HourDetectorsFunction(
      SiteRegistry registry, DetectorConfig config, ValidityConfig validity, PeriodClock clock) {
    this.registry = registry;
    this.settings = new OutletSettings(config);
    this.validity = validity;
    this.clock = clock;
  }

  @Override
  public void open(OpenContext openContext) {
    meter =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>("hour-quality", TypeInformation.of(HourQuality.class)));
    days =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "day-quality", Types.LONG, TypeInformation.of(DayQuality.class)));
  }

  @Override
  public void processElement(HourlyValue v, Context ctx, Collector<RuleEvent> out)
      throws Exception {
    MeterRef ref = registry.meter(v.mn()).orElse(null);
    int slot = ParameterSlots.slot(v.parameter());
    if (ref == null || ref.outlet() == null || slot < 0) {
      return;
    }
    DetectorConfig c = settings.forMeter(ref, v.mn());
    MeterEvents ev = new MeterEvents(ref, v.mn(), out);
    Parameter p = ParameterSlots.parameter(slot);
    long hour = v.hourStart().toEpochMilli();
    HourQuality q = meter.value();
    if (q == null) {
      q = HourQuality.create();
    }
    q.firstHour = q.firstHour == Episode.NONE ? hour : Math.min(q.firstHour, hour);
    q.lastHour = Math.max(q.lastHour, hour);

    if (c.on(Rule.D2)) {
      incompleteHour(v, ev);
    }
    if (c.on(Rule.D8)) {
      reported(v, p, c, ev);
    }
    if (c.on(Rule.D3)) {
      manualValues(v, p, slot, ref.outlet(), q, c, ev);
    }
    if (q.cleanupTimer == Episode.NONE) {
      q.cleanupTimer = quietUntil(q, c);
      ctx.timerService().registerEventTimeTimer(q.cleanupTimer);
    }
    meter.update(q);
    if (c.switches().anyOn(Rule.D2, Rule.D3)) {
      tally(v, slot, hour, ctx);
    }
  }

  // ------------------------------------------------------------------------------ D2 hour

  private void incompleteHour(HourlyValue v, MeterEvents ev) {
    long hour = v.hourStart().toEpochMilli();
    Integer valid = v.validMinutes();
    String detail =
        valid == null
            ? "device hourly average with flag " + v.flag()
            : valid + " valid minutes of " + v.dataMinutes() + " with data";
    ev.emit(
        Finding.judged(Rule.D2, v.parameter(), !v.valid())
            .window(hour, hour + HOUR_MS)
            .value(valid == null ? null : valid.doubleValue())
            .limit((double) validity.minValidMinutesPerHour())
            .unit("min")
            .count(valid)
            .detail(v.parameter() + ": " + detail + (v.valid() ? "" : ", not a valid hour"))
            .build());
  }

  // ------------------------------------------------------------------------------------ D8

  private static void reported(HourlyValue v, Parameter p, DetectorConfig c, MeterEvents ev) {
    if (v.source() != HourSource.REAL_TIME || !v.valid() || v.value() == null) {
      return;
    }
    // each device figure next to what the job recomputed from the same real-time data: the
    // hourly average (CN 2061), its converted average (ZsAvg), the minute values (CN 2051)
    String[] names = {"Avg", "ZsAvg", "minute values"};
    Double[] device = {v.deviceAvg(), v.deviceZsAvg(), v.deviceMinuteAvg()};
    Double[] recomputed = {v.value(), v.converted(), v.recomputedMinuteAvg()};
    double abs = c.reportedAbsoluteTolerance();
    double rel = c.reportedRelativeTolerance();
    int shown = -1;
    boolean differs = false;
    for (int i = 0; i < names.length; i++) {
      if (device[i] == null || recomputed[i] == null) {
        continue;
      }
      boolean d = ReportedFigures.differs(device[i], recomputed[i], abs, rel);
      if (shown < 0 || (d && !differs)) {
        shown = i;
      }
      differs |= d;
    }
    if (shown < 0) {
      return; // no device figure to check
    }
    long hour = v.hourStart().toEpochMilli();
    ev.emit(
        Finding.judged(Rule.D8, v.parameter(), differs)
            .window(hour, hour + HOUR_MS)
            .value(device[shown])
            .limit(recomputed[shown])
            .unit(p.unit())
            .multiple(ReportedFigures.relativeDifference(device[shown], recomputed[shown]))
            .count(v.validMinutes())
            .detail(
                v.parameter()
                    + " device "
                    + names[shown]
                    + " "
                    + round(device[shown])
                    + " vs recomputed "
                    + round(recomputed[shown])
                    + (differs ? " (beyond tolerance)" : " (within tolerance)"))
            .build());
  }

  // ------------------------------------------------------------------- D3 manual values (S)

  private void manualValues(
      HourlyValue v,
      Parameter p,
      int slot,
      Outlet outlet,
      HourQuality q,
      DetectorConfig c,
      MeterEvents ev) {
    if (p.quantity() != Quantity.CONCENTRATION) {
      return;
    }
    Double limit =
        registry
            .limitOn(outlet, v.parameter(), clock.calendar().local(v.hourStart()).toLocalDate())
            .orElse(null);
    if (limit == null) {
      return;
    }
    long hour = v.hourStart().toEpochMilli();
    Double judged = v.judgedValue();
    if (v.flag() == DataFlag.S) {
      boolean hides =
          FlagMisuse.manualHidesExceedance(
              judged, limit, q.lastExceeding[slot], hour, c.manualLookback().toMillis());
      boolean own = judged != null && judged > limit;
      ev.emit(
          Finding.judged(Rule.D3, v.parameter(), hides)
              .severity(Severity.MAJOR)
              .window(hour, hour + HOUR_MS)
              .value(own ? judged : (hides ? limit : judged))
              .limit(limit)
              .unit(p.unit())
              .count(v.validMinutes())
              .detail(
                  v.parameter()
                      + ": hour flagged S (manually set)"
                      + (own
                          ? ", its normal minutes give " + round(judged) + " above the limit"
                          : hides
                              ? ", the valid hour at "
                                  + Instant.ofEpochMilli(q.lastExceeding[slot])
                                  + " exceeded the limit"
                              : ", no exceedance around it"))
              .build());
    } else if (v.valid() && judged != null && judged > limit) {
      q.lastExceeding[slot] = Math.max(q.lastExceeding[slot], hour);
    }
  }

  // ------------------------------------------------------------------- day tallies (D2, D3)

  private void tally(HourlyValue v, int slot, long hour, Context ctx) throws Exception {
    long dayStart = clock.dayStart(hour);
    long dayEnd = clock.dayEnd(hour);
    DayQuality d = days.get(dayStart);
    if (d == null) {
      if (PeriodClock.judgeAt(dayEnd) <= ctx.timerService().currentWatermark()) {
        return; // the day was judged already: a revision changes the hour, not the day
      }
      d = DayQuality.create();
      ctx.timerService().registerEventTimeTimer(PeriodClock.judgeAt(dayEnd));
    }
    long bit = 1L << ((hour - dayStart) / HOUR_MS);
    d.dataHours[slot] |= bit;
    if (v.valid()) {
      d.validHours[slot] |= bit;
    } else {
      d.validHours[slot] &= ~bit;
    }
    if (FlagMisuse.flagging(v.flag())) {
      d.flaggedHours |= bit;
      d.flagsSeen |= 1 << v.flag().ordinal();
    }
    days.put(dayStart, d);
  }

  /** When a meter's state goes if no later hour comes: after its last day was judged. */
  private long quietUntil(HourQuality q, DetectorConfig c) {
    return clock.dayEnd(q.lastHour) + c.quietRetention().toMillis();
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<RuleEvent> out)
      throws Exception {
    String mn = ctx.getCurrentKey();
    MeterRef ref = registry.meter(mn).orElse(null);
    HourQuality q = meter.value();
    if (q != null && timestamp == q.cleanupTimer) {
      long due = quietUntil(q, ref == null ? settings.base() : settings.forMeter(ref, mn));
      if (due > timestamp) {
        q.cleanupTimer = due;
        ctx.timerService().registerEventTimeTimer(due);
        meter.update(q);
      } else {
        // every day of the meter was judged before its last day's end: nothing is pending
        meter.clear();
        days.clear();
        return;
      }
    }
    long watermark = ctx.timerService().currentWatermark();
    List<Long> due = new ArrayList<>();
    for (Map.Entry<Long, DayQuality> e : days.entries()) {
      if (PeriodClock.judgeAt(clock.dayEnd(e.getKey())) <= watermark) {
        due.add(e.getKey());
      }
    }
    due.sort(null);
    for (long dayStart : due) {
      DayQuality d = days.get(dayStart);
      days.remove(dayStart);
      long dayEnd = clock.dayEnd(dayStart);
      boolean partialAtEnd = watermark == Long.MAX_VALUE && q.lastHour + HOUR_MS < dayEnd;
      if (ref == null || q == null || partialAtEnd) {
        continue; // a day the input ended in is not judged
      }
      judgeDay(d, dayStart, dayEnd, q, settings.forMeter(ref, mn), new MeterEvents(ref, mn, out));
    }
  }

  private void judgeDay(
      DayQuality d, long dayStart, long dayEnd, HourQuality q, DetectorConfig c, MeterEvents ev) {
    int hoursOfDay = (int) ((dayEnd - dayStart) / HOUR_MS);
    int possible = (int) ((dayEnd - Math.max(dayStart, q.firstHour)) / HOUR_MS);
    int minValid = validity.minValidHoursPerDay();
    for (int slot = 0; slot < d.dataHours.length && c.on(Rule.D2); slot++) {
      if (d.dataHours[slot] == 0 || possible < minValid) {
        continue;
      }
      int valid = Long.bitCount(d.validHours[slot]);
      String code = ParameterSlots.parameter(slot).code();
      ev.emit(
          Finding.judged(Rule.D2, code, valid < minValid)
              .window(dayStart, dayEnd)
              .value((double) valid)
              .limit((double) minValid)
              .unit("h")
              .count(valid)
              .detail(code + ": " + valid + " valid hours of " + hoursOfDay + " in the local day")
              .build());
    }
    if (!c.on(Rule.D3)) {
      return;
    }
    int flagged = Long.bitCount(d.flaggedHours);
    StringJoiner flags = new StringJoiner(",");
    for (DataFlag f : DataFlag.values()) {
      if ((d.flagsSeen & (1 << f.ordinal())) != 0) {
        flags.add(f.name());
      }
    }
    ev.emit(
        Finding.judged(
                Rule.D3, null, FlagMisuse.tooManyFlagged(flagged, hoursOfDay, c.maxFlaggedShare()))
            .window(dayStart, dayEnd)
            .value((double) flagged)
            .limit(c.maxFlaggedShare() * hoursOfDay)
            .unit("h")
            .count(flagged)
            .detail(
                flagged
                    + " of "
                    + hoursOfDay
                    + " hours flagged"
                    + (flagged > 0 ? " (" + flags + ")" : ""))
            .build());
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
