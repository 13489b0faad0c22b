package io.meterwatch.jobs.windows;

import io.meterwatch.core.model.Quantity;
import io.meterwatch.core.registry.MeterRef;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.rules.DailyValue;
import io.meterwatch.core.rules.DayStats;
import io.meterwatch.core.rules.HourlyValue;
import io.meterwatch.core.rules.ValidityConfig;
import io.meterwatch.core.standards.Medium;
import io.meterwatch.jobs.source.ParameterSlots;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The daily validity window, keyed by MN like {@link HourlyValidityFunction} (whose output it reads
 * without a shuffle): collects each parameter's hourly values over the local day and emits a {@link
 * DailyValue} when the day closes: the mean of the valid hours (converted values for flue-gas
 * pollutants), valid with at least 20 valid hours. A back-filled hour replaces the earlier revision
 * of that hour and re-emits the day.
 */
public class DailyValidityFunction extends KeyedProcessFunction<String, HourlyValue, DailyValue> {
  private static final long serialVersionUID = 1L;
  private static final long HOUR_MS = 3_600_000L;

  private final SiteRegistry registry;
  private final ValidityConfig validity;
  private final PeriodClock clock;
  private transient MapState<Long, DayWindow> days;

  public DailyValidityFunction(SiteRegistry registry, ValidityConfig validity, PeriodClock clock) {
    this.registry = registry;
    this.validity = validity;
    this.clock = clock;
  }

  @Override
  public void open(OpenContext openContext) {
    days =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>("days", Types.LONG, TypeInformation.of(DayWindow.class)));
  }

  @Override
  public void processElement(HourlyValue v, Context ctx, Collector<DailyValue> out)
      throws Exception {
    int slot = ParameterSlots.slot(v.parameter());
    if (slot < 0) {
      return;
    }
    long hourStart = v.hourStart().toEpochMilli();
    long dayStart = clock.dayStart(hourStart);
    long key = WindowLifecycle.slotKey(dayStart, slot);
    DayWindow w =
        WindowLifecycle.touch(
            days, key, clock.dayEnd(dayStart), DayWindow::new, ctx.timerService(), clock);
    // A flue-gas pollutant's day is the mean of its converted hours; an hour that could not be
    // converted (O2 missing or near ambient) is not a valid hour for that day.
    boolean convertible = v.converted() != null || !needsConversion(v.mn(), v.parameter());
    w.hours.setHour(
        (int) ((hourStart - dayStart) / HOUR_MS),
        convertible ? v.judgedValue() : null,
        v.valid() && convertible,
        v.flag());
    days.put(key, w);
  }

  private boolean needsConversion(String mn, String parameter) {
    MeterRef ref = registry.meter(mn).orElse(null);
    return ref != null
        && ref.outlet() != null
        && ref.outlet().medium() == Medium.FLUE_GAS
        && ParameterSlots.parameter(ParameterSlots.slot(parameter)).quantity()
            == Quantity.CONCENTRATION;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<DailyValue> out)
      throws Exception {
    String mn = ctx.getCurrentKey();
    MeterRef ref = registry.meter(mn).orElse(null);
    String outlet = ref == null || ref.outlet() == null ? null : ref.outlet().id();
    String enterprise = ref == null ? null : ref.enterprise().creditCode();
    String county = ref == null ? null : ref.enterprise().county();
    WindowLifecycle.sweep(
        days,
        key -> clock.dayEnd(WindowLifecycle.startOf(key)),
        ctx.timerService().currentWatermark(),
        clock,
        (key, w, revision) -> {
          DayStats d = w.hours.close(validity);
          out.collect(
              new DailyValue(
                  mn,
                  ParameterSlots.parameter(WindowLifecycle.slotOf(key)).code(),
                  Instant.ofEpochMilli(WindowLifecycle.startOf(key)),
                  outlet,
                  enterprise,
                  county,
                  d.value(),
                  d.validHours(),
                  d.dataHours(),
                  d.valid(),
                  d.flag(),
                  revision));
        },
        null);
  }
}
