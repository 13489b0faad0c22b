package io.meterwatch.jobs.windows;

import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.model.Quantity;
import io.meterwatch.core.registry.MeterRef;
import io.meterwatch.core.registry.Outlet;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.rules.EmissionArithmetic;
import io.meterwatch.core.rules.HourAccumulator;
import io.meterwatch.core.rules.HourStats;
import io.meterwatch.core.rules.HourlyValue;
import io.meterwatch.core.rules.ValidityConfig;
import io.meterwatch.core.standards.Medium;
import io.meterwatch.jobs.source.CompactReading;
import io.meterwatch.jobs.source.ParameterSlots;
import java.time.Instant;
import java.util.OptionalDouble;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The HJ 212 validity window of one outlet meter, keyed by MN: accumulates every parameter of the
 * meter minute by minute over the local hour, and when the watermark passes the end of the hour
 * emits one {@link HourlyValue} per parameter, with the flue-gas pollutants converted to the
 * outlet's reference O2 using the same hour's O2 and the hour's load computed with the same hour's
 * flow (docs/rules.md, "Validity" and "Reference oxygen").
 *
 * <p>Keyed by meter rather than by meter and parameter on purpose: one reading carries every
 * parameter of the meter, so it crosses the network once, and the O2 and flow of the same hour are
 * at hand for the conversion without a second keyed join.
 *
 * <p>Back-fill within the allowed lateness updates the hour: it is emitted again with a higher
 * revision at the next watermark. Readings for an hour already cleaned up go to {@link #LATE} (the
 * router normally catches them first; see {@link ReadingRouter}).
 */
public class HourlyValidityFunction
    extends KeyedProcessFunction<String, CompactReading, HourlyValue> {
  private static final long serialVersionUID = 1L;
  private static final long HOUR_MS = 3_600_000L;

  /** Readings whose hour was already cleaned up. */
  public static final OutputTag<CompactReading> LATE =
      new OutputTag<>("hourly-late", TypeInformation.of(CompactReading.class));

  private static final int O2 = ParameterSlots.slot(ParameterCatalogue.O2);
  private static final int GAS_FLOW = ParameterSlots.slot(ParameterCatalogue.GAS_FLOW);
  private static final int WATER_FLOW = ParameterSlots.slot(ParameterCatalogue.WATER_FLOW);

  private final SiteRegistry registry;
  private final ValidityConfig validity;
  private final PeriodClock clock;

  private transient MapState<Long, OutletHour> hours;
  private transient Counter lateReadings;
  private transient Counter dayReadingsIgnored;

  public HourlyValidityFunction(SiteRegistry registry, ValidityConfig validity, PeriodClock clock) {
    this.registry = registry;
    this.validity = validity;
    this.clock = clock;
  }

  @Override
  public void open(OpenContext openContext) {
    hours =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    "hours", Types.LONG, TypeInformation.of(OutletHour.class)));
    lateReadings = getRuntimeContext().getMetricGroup().counter("lateReadings");
    dayReadingsIgnored = getRuntimeContext().getMetricGroup().counter("dayReadingsIgnored");
  }

  @Override
  public void processElement(CompactReading r, Context ctx, Collector<HourlyValue> out)
      throws Exception {
    if (r.kind() == io.meterwatch.core.model.ReadingKind.DAY) {
      // Days are computed from hours; a device's daily data (CN 2031) has no window here.
      dayReadingsIgnored.inc();
      return;
    }
    long hourStart = clock.hourStart(r.dataTime);
    long hourEnd = hourStart + HOUR_MS;
    long watermark = ctx.timerService().currentWatermark();
    if (clock.isLate(hourEnd, watermark)) {
      lateReadings.inc();
      ctx.output(LATE, r);
      return;
    }
    OutletHour h =
        WindowLifecycle.touch(
            hours, hourStart, hourEnd, OutletHour::create, ctx.timerService(), clock);
    add(h, r, (int) ((r.dataTime - hourStart) / 60_000L));
    hours.put(hourStart, h);
  }

  private static void add(OutletHour h, CompactReading r, int minute) {
    for (int i = 0; i < r.slots.length; i++) {
      double v = r.values[i];
      if (Double.isNaN(v)) {
        continue;
      }
      HourAccumulator a = h.param(r.slots[i]);
      DataFlag flag = r.flag(i);
      switch (r.kind()) {
        case REAL_TIME -> a.addRealTime(minute, v, flag, Double.isNaN(r.zs[i]) ? null : r.zs[i]);
        case MINUTE -> a.addDeviceMinute(minute, v, flag);
        case HOUR -> a.setDeviceHour(v, Double.isNaN(r.zs[i]) ? null : r.zs[i], flag);
        default -> {}
      }
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<HourlyValue> out)
      throws Exception {
    String mn = ctx.getCurrentKey();
    WindowLifecycle.sweep(
        hours,
        start -> start + HOUR_MS,
        ctx.timerService().currentWatermark(),
        clock,
        (start, h, revision) -> emit(mn, start, h, out),
        null);
  }

  private void emit(String mn, long hourStart, OutletHour h, Collector<HourlyValue> out) {
    MeterRef ref = registry.meter(mn).orElse(null);
    Outlet outlet = ref == null ? null : ref.outlet();
    Medium medium = outlet == null ? null : outlet.medium();
    HourStats[] stats = new HourStats[h.params.length];
    for (int s = 0; s < stats.length; s++) {
      if (h.params[s] != null) {
        stats[s] = h.params[s].close(validity);
      }
    }
    HourStats o2 = stats[O2];
    HourStats flow = stats[medium == Medium.WASTEWATER ? WATER_FLOW : GAS_FLOW];
    Double refO2 = medium == Medium.FLUE_GAS ? registry.referenceO2(outlet).orElse(null) : null;
    Instant start = Instant.ofEpochMilli(hourStart);
    for (int s = 0; s < stats.length; s++) {
      HourStats st = stats[s];
      if (st == null) {
        continue;
      }
      boolean pollutant =
          ParameterSlots.parameter(s).quantity() == Quantity.CONCENTRATION && st.value() != null;
      Double converted = null;
      if (pollutant && refO2 != null && o2 != null && o2.valid() && o2.value() != null) {
        OptionalDouble c =
            EmissionArithmetic.atReferenceO2(
                st.value(), o2.value(), refO2, validity.maxO2ForConversion());
        converted = c.isPresent() ? c.getAsDouble() : null;
      }
      Double loadKg =
          pollutant && flow != null && flow.value() != null
              ? EmissionArithmetic.hourlyLoadKg(st.value(), flow.value())
              : null;
      out.collect(
          new HourlyValue(
              mn,
              ParameterSlots.parameter(s).code(),
              start,
              outlet == null ? null : outlet.id(),
              ref == null ? null : ref.enterprise().creditCode(),
              ref == null ? null : ref.enterprise().county(),
              st.value(),
              st.min(),
              st.max(),
              st.validMinutes(),
              st.dataMinutes(),
              st.valid(),
              st.flag(),
              st.source(),
              converted,
              converted == null ? null : refO2,
              loadKg,
              st.deviceAvg(),
              st.deviceZsAvg(),
              st.deviceMinuteAvg(),
              st.recomputedMinuteAvg(),
              h.revision));
    }
  }
}
