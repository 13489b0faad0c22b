package io.meterwatch.jobs.quality;

import io.meterwatch.core.cases.Rule;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.cases.Severity;
import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.Parameter;
import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.model.Quantity;
import io.meterwatch.core.model.ReadingKind;
import io.meterwatch.core.quality.ClockSkew;
import io.meterwatch.core.quality.DetectorConfig;
import io.meterwatch.core.quality.Dilution;
import io.meterwatch.core.quality.DuplicateMemory;
import io.meterwatch.core.quality.Episode;
import io.meterwatch.core.quality.Finding;
import io.meterwatch.core.quality.Flatline;
import io.meterwatch.core.quality.ImpossibleValues;
import io.meterwatch.core.quality.OperatingFlow;
import io.meterwatch.core.quality.ZeroDrop;
import io.meterwatch.core.registry.MeterRef;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.time.LocalCalendar;
import io.meterwatch.jobs.source.CompactReading;
import io.meterwatch.jobs.source.ParameterSlots;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The detectors that judge single readings of one meter, keyed by MN (docs/rules.md, "Data
 * verification detectors"): D1 offline (event-time timer plus processing-time fallback), D4
 * flatline, D5 impossible values, D6 zero drop, D7 dilution, D9 clock skew and conflicting
 * duplicates. One operator for all of them on purpose: a reading crosses the network once and the
 * flow of the same reading is at hand for D4, D6 and D7. The decisions are in {@code
 * io.meterwatch.core.quality}; this class keeps state and time.
 *
 * <p>D1 keeps one event-time timer and one processing-time timer per meter at a time: a timer that
 * fires while the meter has sent data since is re-armed at the last data time (or receipt) plus the
 * silence threshold, so a meter uploading every 30 s costs no timer churn. At watermark +∞ (end of
 * a bounded input) silence is not reported.
 *
 * <p>State lifetime: a meter's state lives until it has been quiet for {@code offlineAfter +
 * quietRetention} of event time after its latest data time (by then D1 has reported the silence);
 * then its state and its timers are dropped. One cleanup timer per meter at a time, re-armed from
 * the latest data time when it fires early, like D1's.
 */
public class ReadingDetectorsFunction
    extends KeyedProcessFunction<String, CompactReading, RuleEvent> {
  private static final long serialVersionUID = 1L;
  private static final long MIN_MS = 60_000L;

  /** D9's parameter for conflicting duplicates (the clock skew is about the whole meter). */
  private static final String CONFLICT = "conflict";

  private static final String NOT_NORMAL = "data not normal";
  private static final String NOT_JUDGED = "not judged (flagged or source stopped)";

  private final SiteRegistry registry;
  private final OutletSettings settings;
  private final LocalCalendar calendar;

  private transient ValueState<MeterQuality> state;

  /** The profiles of the meters this task has seen, by MN (derived from the registry). */
  private transient Map<String, MeterProfile> profiles;

  /** The registry version the profiles were derived from; a new one derives them again. */
  private transient long profilesVersion;

  /**
   * Processing time this task instance first saw (a reading or a timer): after a restore, silence
   * is counted from here, so a job that was down for an hour does not report every meter offline
   * the moment it is back, before it had a chance to read what they sent meanwhile.
   */
  private transient long startedAt = Episode.NONE;

  public ReadingDetectorsFunction(
      SiteRegistry registry, DetectorConfig config, LocalCalendar calendar) {
    this.registry = registry;
    this.settings = new OutletSettings(config);
    this.calendar = calendar;
  }

  @Override
  public void open(OpenContext openContext) {
    state =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "meter-quality", TypeInformation.of(MeterQuality.class)));
    profiles = new HashMap<>();
  }

  /** The profile of a meter, {@code null} when the registry does not know it. */
  private MeterProfile profile(String mn) {
    long version = registry.version();
    if (version != profilesVersion) {
      profiles.clear();
      profilesVersion = version;
    }
    MeterProfile p = profiles.get(mn);
    if (p == null) {
      MeterRef ref = registry.meter(mn).orElse(null);
      if (ref == null) {
        return null;
      }
      p = MeterProfile.of(ref, mn, settings);
      profiles.put(mn, p);
    }
    return p;
  }

  /** The state of the current key, for tests. */
  MeterQuality currentState() throws java.io.IOException {
    return state.value();
  }

  @Override
  public void processElement(CompactReading r, Context ctx, Collector<RuleEvent> out)
      throws Exception {
    MeterProfile m = profile(r.mn);
    if (m == null || r.kind() == ReadingKind.DAY) {
      return; // unknown meters are not judged; daily data say nothing about minutes
    }
    DetectorConfig c = m.config;
    MeterQuality q = state.value();
    if (q == null) {
      q = MeterQuality.create(c.duplicateMemory());
    }
    MeterEvents ev = new MeterEvents(m.ref, r.mn, out);
    EpisodeSteps steps = new EpisodeSteps(ev, c.clearEvents());
    if (m.d1) {
      offline(q, r, c, ctx, ev, steps);
    }
    if (m.d9) {
      duplicates(q, r, c, steps);
    }
    if (m.outlet != null) {
      if (m.d5) {
        impossible(q, r, m, steps);
      }
      if (r.kind() == ReadingKind.REAL_TIME && m.signals()) {
        signals(q, r, m, steps);
      }
    }
    if (r.kind() == ReadingKind.REAL_TIME && m.d9) {
      skew(q, r, c, steps);
    }
    if (!m.d1) {
      q.lastDataTime = Math.max(q.lastDataTime, r.dataTime);
    }
    if (q.cleanupTimer == Episode.NONE) {
      q.cleanupTimer = q.lastDataTime + quietFor(c);
      ctx.timerService().registerEventTimeTimer(q.cleanupTimer);
    }
    state.update(q);
  }

  /** The quiet event time after the latest data time at which a meter's state is dropped. */
  private static long quietFor(DetectorConfig c) {
    return c.offlineAfter().toMillis() + c.quietRetention().toMillis();
  }

  /**
   * The cleanup timer fired: drops the meter's state and timers when it stayed quiet, else re-arms
   * at the latest data time plus the quiet span.
   *
   * @return whether the state was dropped
   */
  private boolean cleanUp(MeterQuality q, DetectorConfig c, long timestamp, OnTimerContext ctx)
      throws Exception {
    long due = q.lastDataTime + quietFor(c);
    if (due > timestamp) {
      q.cleanupTimer = due;
      ctx.timerService().registerEventTimeTimer(due);
      return false;
    }
    if (q.eventTimer != Episode.NONE && q.eventTimer != timestamp) {
      ctx.timerService().deleteEventTimeTimer(q.eventTimer);
    }
    if (q.processingTimer != Episode.NONE) {
      ctx.timerService().deleteProcessingTimeTimer(q.processingTimer);
    }
    state.clear();
    return true;
  }

  // ------------------------------------------------------------------------------- D1 offline

  private void offline(
      MeterQuality q,
      CompactReading r,
      DetectorConfig c,
      Context ctx,
      MeterEvents ev,
      EpisodeSteps steps)
      throws Exception {
    long offMs = c.offlineAfter().toMillis();
    long t = r.dataTime;
    if (q.offline.active()) {
      // Data again (also back-filled data): the silence is over.
      long end = Math.max(t, q.offline.start + offMs);
      long s = q.offline.end(end);
      ev.emit(
          Finding.clear(Rule.D1, null)
              .window(s, end)
              .figures(minutes(end - s), minutes(offMs), "min")
              .detail("data again after " + minutes(end - s) + " min without data")
              .build());
    } else {
      steps.clearKeeping(
          q.offline,
          t,
          clearPeriod(c, offMs),
          from ->
              Finding.clear(Rule.D1, null)
                  .window(from, t)
                  .figures(0.0, minutes(offMs), "min")
                  .detail("data kept arriving"));
    }
    q.lastDataTime = q.lastDataTime == Episode.NONE ? t : Math.max(q.lastDataTime, t);
    long now = ctx.timerService().currentProcessingTime();
    if (startedAt == Episode.NONE) {
      startedAt = now;
    }
    q.lastReceipt = now;
    if (q.eventTimer == Episode.NONE) {
      q.eventTimer = q.lastDataTime + offMs;
      ctx.timerService().registerEventTimeTimer(q.eventTimer);
    }
    if (c.processingFallback() && q.processingTimer == Episode.NONE) {
      q.processingTimer = now + offMs;
      ctx.timerService().registerProcessingTimeTimer(q.processingTimer);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<RuleEvent> out)
      throws Exception {
    MeterQuality q = state.value();
    if (q == null) {
      return;
    }
    MeterProfile m = profile(ctx.getCurrentKey());
    if (ctx.timeDomain() == TimeDomain.EVENT_TIME && timestamp == q.cleanupTimer) {
      // a meter the registry no longer knows is dropped on the job's own settings
      q.cleanupTimer = Episode.NONE;
      if (cleanUp(q, m == null ? settings.base() : m.config, timestamp, ctx)) {
        return;
      }
      state.update(q);
    }
    if (m == null) {
      return;
    }
    DetectorConfig c = m.config;
    long offMs = c.offlineAfter().toMillis();
    MeterEvents ev = new MeterEvents(m.ref, ctx.getCurrentKey(), out);
    if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
      if (timestamp != q.eventTimer) {
        return;
      }
      q.eventTimer = Episode.NONE;
      if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
        // End of a bounded input: the data ended, the meter did not fall silent.
        state.update(q);
        return;
      }
      long deadline = q.lastDataTime + offMs;
      if (deadline > timestamp) {
        q.eventTimer = deadline;
        ctx.timerService().registerEventTimeTimer(deadline);
      } else if (!q.offline.active()) {
        silent(q, c, ev, "no data for " + minutes(offMs) + " min of event time");
        if (q.processingTimer != Episode.NONE) {
          ctx.timerService().deleteProcessingTimeTimer(q.processingTimer);
          q.processingTimer = Episode.NONE;
        }
      }
    } else {
      if (timestamp != q.processingTimer) {
        return;
      }
      q.processingTimer = Episode.NONE;
      long now = ctx.timerService().currentProcessingTime();
      if (startedAt == Episode.NONE) {
        startedAt = now;
      }
      long deadline = Math.max(q.lastReceipt, startedAt) + offMs;
      if (deadline > now) {
        q.processingTimer = deadline;
        ctx.timerService().registerProcessingTimeTimer(deadline);
      } else if (!q.offline.active()) {
        silent(
            q,
            c,
            ev,
            "no data received for "
                + minutes(now - Math.max(q.lastReceipt, startedAt))
                + " min of processing time (feed stopped?)");
        if (q.eventTimer != Episode.NONE) {
          ctx.timerService().deleteEventTimeTimer(q.eventTimer);
          q.eventTimer = Episode.NONE;
        }
      }
    }
    state.update(q);
  }

  private static void silent(MeterQuality q, DetectorConfig c, MeterEvents ev, String detail) {
    long offMs = c.offlineAfter().toMillis();
    q.offline.breachFrom(q.lastDataTime, minutes(offMs));
    ev.emit(
        Finding.breach(Rule.D1, null)
            .window(q.lastDataTime, q.lastDataTime + offMs)
            .figures(minutes(offMs), minutes(offMs), "min")
            .detail(detail + " after " + Instant.ofEpochMilli(q.lastDataTime))
            .build());
  }

  // ------------------------------------------------------------------- D9 conflicting duplicates

  private static void duplicates(
      MeterQuality q, CompactReading r, DetectorConfig c, EpisodeSteps steps) {
    if (q.duplicates == null || q.duplicates.keys.length != c.duplicateMemory()) {
      q.duplicates = DuplicateMemory.of(c.duplicateMemory());
    }
    DuplicateMemory.Seen seen =
        q.duplicates.offer(DuplicateMemory.key(r.kind, r.dataTime), hash(r));
    if (seen == DuplicateMemory.Seen.CONFLICT) {
      q.conflict = steps.suspicious(q.conflict, r.dataTime, 1, 0, (e, s) -> conflictingReadings(r));
    } else if (seen == DuplicateMemory.Seen.NEW) {
      q.conflict =
          steps.clear(
              q.conflict,
              r.dataTime,
              c.minClearPeriod().toMillis(),
              from ->
                  Finding.clear(Rule.D9, CONFLICT)
                      .window(from, r.dataTime)
                      .figures(0.0, 0.0, null)
                      .detail("no conflicting readings"));
    }
  }

  private static Finding.Builder conflictingReadings(CompactReading r) {
    return Finding.breach(Rule.D9, CONFLICT)
        .window(r.dataTime, r.dataTime + 1)
        .figures(1.0, 0.0, null)
        .detail(
            "two "
                + r.kind().name().toLowerCase(Locale.ROOT)
                + " readings for "
                + Instant.ofEpochMilli(r.dataTime)
                + " with different values");
  }

  /** A hash of what a reading says: its values, converted values, counters and flags. */
  static long hash(CompactReading r) {
    long h = 1125899906842597L;
    for (int i = 0; i < r.slots.length; i++) {
      h = 31 * h + r.slots[i];
      h = 31 * h + r.flags[i];
      h = 31 * h + Double.doubleToLongBits(r.values[i]);
      h = 31 * h + Double.doubleToLongBits(r.zs[i]);
      h = 31 * h + Double.doubleToLongBits(r.cou[i]);
    }
    return h;
  }

  // ---------------------------------------------------------------------------- D5 impossible

  private static void impossible(
      MeterQuality q, CompactReading r, MeterProfile m, EpisodeSteps steps) {
    DetectorConfig c = m.config;
    long period = c.minClearPeriod().toMillis();
    for (int i = 0; i < r.slots.length; i++) {
      double v = r.values[i];
      if (Double.isNaN(v)) {
        continue;
      }
      int slot = r.slots[i];
      Parameter p = ParameterSlots.parameter(slot);
      ImpossibleValues.Violation bad =
          ImpossibleValues.check(p.quantity(), v, m.analyserRange[slot], c.rangeFactor());
      if (bad != null) {
        q.impossible[slot] =
            steps.suspicious(
                q.impossible[slot],
                r.dataTime,
                v,
                0,
                (e, s) ->
                    Finding.breach(Rule.D5, p.code())
                        .severity(Severity.MAJOR)
                        .window(s, r.dataTime + 1)
                        .figures(v, bad.bound(), p.unit())
                        .detail(p.code() + " = " + v + ": " + bad.what()));
      } else {
        q.impossible[slot] =
            steps.clear(
                q.impossible[slot],
                r.dataTime,
                period,
                from ->
                    Finding.clear(Rule.D5, p.code())
                        .window(from, r.dataTime)
                        .figures(v, null, p.unit())
                        .detail(p.code() + " possible again"));
      }
    }
  }

  // ------------------------------------------------------------- D4 flatline, D6 zero, D7 dilution

  private void signals(MeterQuality q, CompactReading r, MeterProfile m, EpisodeSteps steps) {
    DetectorConfig c = m.config;
    double flow = Double.NaN;
    double o2 = Double.NaN;
    for (int i = 0; i < r.slots.length; i++) {
      if (r.slots[i] == m.flowSlot && normal(r, i)) {
        flow = r.values[i];
      } else if (r.slots[i] == m.o2Slot && normal(r, i)) {
        o2 = r.values[i];
      }
    }
    boolean running = Flatline.running(flow, c.runningFlow());
    boolean operating =
        running && OperatingFlow.atOperatingLevel(flow, q.flowReference, c.operatingFlowShare());
    long t = r.dataTime;
    for (int i = 0; i < r.slots.length; i++) {
      int slot = r.slots[i];
      if (!MeterProfile.signal(slot)) {
        continue;
      }
      Parameter p = ParameterSlots.parameter(slot);
      boolean ok = normal(r, i) && !Double.isNaN(r.values[i]);
      double v = r.values[i];
      if (m.d4) {
        flatline(q, slot, p, ok && running, v, t, c, m.flatAbsolute[slot], steps);
      }
      if (p.quantity() == Quantity.CONCENTRATION && m.d6) {
        if (!ok) {
          q.zero[slot] = steps.end(q.zero[slot], t, from -> ended(Rule.D6, p, from, t, NOT_NORMAL));
          continue;
        }
        double level = m.zeroLevel(slot, t, registry, calendar);
        boolean zero = ZeroDrop.nearZero(v, level) && operating;
        zeroDrop(q, slot, p, zero, v, level, flow, t, c, steps);
      }
    }
    if (m.flueGas && !Double.isNaN(o2) && m.d7) {
      dilution(q, Dilution.diluted(o2, operating, c.dilutionO2()), o2, flow, t, c, steps);
    }
    if (running) {
      q.flowReference = OperatingFlow.nextReference(q.flowReference, flow, c.flowReferenceWeight());
    }
  }

  /**
   * D4: an episode runs while the value stays within tolerance of its first value; a value that
   * moves clears it and starts the next episode at once.
   */
  private static void flatline(
      MeterQuality q,
      int slot,
      Parameter p,
      boolean judged,
      double v,
      long t,
      DetectorConfig c,
      double abs,
      EpisodeSteps steps) {
    if (!judged) {
      q.flat[slot] = steps.end(q.flat[slot], t, from -> ended(Rule.D4, p, from, t, NOT_JUDGED));
      return;
    }
    Episode e = q.flat[slot] != null ? q.flat[slot] : new Episode();
    q.flat[slot] = e;
    long flatMs = c.flatlineAfter().toMillis();
    double rel = c.flatRelativeTolerance();
    if (e.active() && Flatline.unchanged(e.first, v, abs, rel)) {
      steps.suspicious(e, t, v, flatMs, (ep, s) -> flat(p, ep.first, s, t, flatMs, abs, rel));
      return;
    }
    steps.clearKeeping(
        e,
        t,
        clearPeriod(c, flatMs),
        from ->
            Finding.clear(Rule.D4, p.code())
                .window(from, t)
                .figures(v, minutes(flatMs), "min")
                .detail(p.code() + " moving again (" + v + " " + p.unit() + ")"));
    e.suspicious(t, v, flatMs); // the value that moved is the first of the next episode
  }

  private static Finding.Builder flat(
      Parameter p, double first, long s, long t, long flatMs, double abs, double rel) {
    return Finding.breach(Rule.D4, p.code())
        .window(s, t)
        .figures(first, minutes(flatMs), "min")
        .detail(
            p.code()
                + " unchanged at "
                + first
                + " "
                + p.unit()
                + " for "
                + minutes(t - s)
                + " min (tolerance "
                + Flatline.tolerance(first, abs, rel)
                + ")");
  }

  /** D6: a concentration near zero while the flow is at operating level. */
  private static void zeroDrop(
      MeterQuality q,
      int slot,
      Parameter p,
      boolean zero,
      double v,
      double level,
      double flow,
      long t,
      DetectorConfig c,
      EpisodeSteps steps) {
    long ms = c.zeroDropAfter().toMillis();
    if (zero) {
      q.zero[slot] =
          steps.suspiciousKeepingHighest(
              q.zero[slot],
              t,
              v,
              ms,
              (e, s) ->
                  Finding.breach(Rule.D6, p.code())
                      .severity(Severity.MAJOR)
                      .window(s, t)
                      .figures(e.worst, level, p.unit())
                      .detail(
                          p.code()
                              + " near zero (at most "
                              + e.worst
                              + " "
                              + p.unit()
                              + ") for "
                              + minutes(t - s)
                              + " min"
                              + atFlow(flow, q.flowReference)));
    } else {
      q.zero[slot] =
          steps.clear(
              q.zero[slot],
              t,
              clearPeriod(c, ms),
              from ->
                  Finding.clear(Rule.D6, p.code())
                      .window(from, t)
                      .figures(v, level, p.unit())
                      .detail(p.code() + " back at " + v + " " + p.unit()));
    }
  }

  /** D7: O2 of flue gas above the dilution level while the flow is at operating level. */
  private static void dilution(
      MeterQuality q,
      boolean diluted,
      double o2,
      double flow,
      long t,
      DetectorConfig c,
      EpisodeSteps steps) {
    long ms = c.dilutionAfter().toMillis();
    if (diluted) {
      q.dilution =
          steps.suspiciousKeepingHighest(
              q.dilution,
              t,
              o2,
              ms,
              (e, s) ->
                  Finding.breach(Rule.D7, ParameterCatalogue.O2)
                      .severity(Severity.MAJOR)
                      .window(s, t)
                      .figures(e.worst, c.dilutionO2(), "%")
                      .detail(
                          "O2 up to "
                              + e.worst
                              + " % for "
                              + minutes(t - s)
                              + " min"
                              + atFlow(flow, q.flowReference)));
    } else {
      q.dilution =
          steps.clear(
              q.dilution,
              t,
              clearPeriod(c, ms),
              from ->
                  Finding.clear(Rule.D7, ParameterCatalogue.O2)
                      .window(from, t)
                      .figures(o2, c.dilutionO2(), "%")
                      .detail("O2 back at " + o2 + " %"));
    }
  }

  private static String atFlow(double flow, double reference) {
    return " at flow " + flow + " (reference " + round(reference) + ")";
  }

  /** The clear event of an episode that ended on a reading that cannot be judged. */
  private static Finding.Builder ended(Rule rule, Parameter p, long from, long t, String why) {
    return Finding.clear(rule, p.code())
        .window(from, t)
        .detail(p.code() + ": episode ended, " + why);
  }

  // ---------------------------------------------------------------------------- D9 clock skew

  /**
   * D9: data time off receive time by more than the limit, steadily (within the jitter) for the
   * persistence, measured in receive time. A jump of the offset clears the episode and starts the
   * next.
   */
  private static void skew(MeterQuality q, CompactReading r, DetectorConfig c, EpisodeSteps steps) {
    long offset = ClockSkew.offset(r.dataTime, r.receiveTime);
    long limit = c.clockSkewLimit().toMillis();
    long persist = c.clockSkewPersistence().toMillis();
    long period = clearPeriod(c, persist);
    long t = r.receiveTime;
    if (!ClockSkew.skewed(offset, limit)) {
      q.skew =
          steps.clear(
              q.skew,
              t,
              period,
              from ->
                  skewClear(from, t, offset, limit)
                      .detail("device clock within " + minutes(limit) + " min again"));
      return;
    }
    Episode e = q.skew != null ? q.skew : new Episode();
    if (e.active() && !ClockSkew.steady(offset, (long) e.first, c.clockSkewJitter().toMillis())) {
      steps.clearKeeping(
          e,
          t,
          period,
          from ->
              skewClear(from, t, offset, limit)
                  .detail("device clock offset changed to " + minutes(offset) + " min"));
    }
    q.skew =
        steps.suspicious(
            e,
            t,
            offset,
            persist,
            (ep, s) ->
                Finding.breach(Rule.D9, null)
                    .window(s, t)
                    .figures(minutes((long) ep.first), minutes(limit), "min")
                    .detail(
                        "device clock off by "
                            + minutes((long) ep.first)
                            + " min (data time minus receive time) for "
                            + minutes(t - s)
                            + " min"));
  }

  private static Finding.Builder skewClear(long from, long t, long offset, long limit) {
    return Finding.clear(Rule.D9, null)
        .window(from, t)
        .figures(minutes(offset), minutes(limit), "min");
  }

  // --------------------------------------------------------------------------------- helpers

  private static boolean normal(CompactReading r, int i) {
    DataFlag f = r.flag(i);
    return f == null || f == DataFlag.N;
  }

  private static long clearPeriod(DetectorConfig c, long detectorMs) {
    return Math.max(c.minClearPeriod().toMillis(), detectorMs);
  }

  private static double minutes(long ms) {
    return ms / (double) MIN_MS;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
