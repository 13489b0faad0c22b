package io.meterwatch.jobs.source;

import io.meterwatch.core.input.DeadLetter;
import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.registry.MeterRef;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.jobs.windows.PeriodClock;
import java.time.Instant;
import java.util.EnumMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The first operator behind the source (chained to it): sends outlet readings to the validity
 * windows (main output), energy and production readings to the energy quota ({@link #ENERGY}), and
 * everything else to the dead-letter topic ({@link #DEAD_LETTERS}) with its reason: records that
 * did not decode, meters the registry does not know, and readings for a period whose allowed
 * lateness has passed ({@code LATE}).
 *
 * <p>Lateness is decided here, where the original bytes are at hand, with the same {@link
 * PeriodClock} as the windows: the watermark behind a network shuffle is never ahead of the one
 * here, so a reading that is not late here is not late at its window either.
 */
public class ReadingRouter extends ProcessFunction<ConsumedReading, CompactReading> {
  private static final long serialVersionUID = 1L;
  private static final long HOUR_MS = 3_600_000L;

  /** Energy and production meter readings. */
  public static final OutputTag<CompactReading> ENERGY =
      new OutputTag<>("energy", TypeInformation.of(CompactReading.class));

  /** Everything that goes to the dead-letter topic. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

  private final SiteRegistry registry;
  private final PeriodClock clock;
  private transient Counter readings;
  private transient Counter late;
  private transient Counter rejected;
  private transient EnumMap<ReasonCode, Counter> deadLetters;

  public ReadingRouter(SiteRegistry registry, PeriodClock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  @Override
  public void open(OpenContext openContext) {
    MetricGroup metrics = getRuntimeContext().getMetricGroup();
    readings = metrics.counter("readings");
    late = metrics.counter("lateReadings");
    rejected = metrics.counter("rejectedRecords");
    // one series per reason code, 0 included, so that an alert on a reason's rate has a series
    // from the start (the Prometheus reporter makes the group a label: reason="LATE")
    deadLetters = new EnumMap<>(ReasonCode.class);
    for (ReasonCode r : ReasonCode.values()) {
      deadLetters.put(r, metrics.addGroup("reason", r.name()).counter("deadLetters"));
    }
  }

  @Override
  public void processElement(ConsumedReading c, Context ctx, Collector<CompactReading> out) {
    readings.inc();
    CompactReading r = c.reading;
    if (r == null) {
      deadLetter(ctx, c, c.reason, c.message);
      return;
    }
    MeterRef ref = registry.meter(r.mn).orElse(null);
    if (ref == null) {
      deadLetter(ctx, c, ReasonCode.UNKNOWN_MN, "MN " + r.mn + " is not in the job's registry");
      return;
    }
    long watermark = ctx.timerService().currentWatermark();
    boolean outlet = ref.outlet() != null;
    long end = outlet ? clock.hourStart(r.dataTime) + HOUR_MS : clock.monthEnd(r.dataTime);
    if (clock.isLate(end, watermark)) {
      late.inc();
      deadLetter(
          ctx,
          c,
          ReasonCode.LATE,
          "data time "
              + clock.calendar().isoLocal(Instant.ofEpochMilli(r.dataTime))
              + " is in the "
              + (outlet ? "hour" : "month")
              + " ending "
              + clock.calendar().isoLocal(Instant.ofEpochMilli(end))
              + ", closed for back-fill at watermark "
              + clock.calendar().isoLocal(Instant.ofEpochMilli(watermark)));
      return;
    }
    if (outlet) {
      out.collect(r);
    } else {
      ctx.output(ENERGY, r);
    }
  }

  private void deadLetter(Context ctx, ConsumedReading c, ReasonCode reason, String message) {
    if (reason != ReasonCode.LATE) {
      rejected.inc();
    }
    deadLetters.get(reason).inc();
    ctx.output(
        DEAD_LETTERS,
        new DeadLetter(c.value, c.topic, Instant.ofEpochMilli(c.receiveTime), reason, message));
  }
}
