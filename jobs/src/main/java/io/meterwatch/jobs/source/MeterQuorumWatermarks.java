package io.meterwatch.jobs.source;

import io.meterwatch.core.time.MeterClockQuorum;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Watermarks of one source split (Kafka partition) of {@code meter.readings}: bounded
 * out-of-orderness behind the time that {@link MeterClockQuorum} says several meters have reached,
 * rather than behind the largest data time seen. A meter whose clock runs ahead therefore cannot
 * push the job's event time ahead and make every other meter's data late (see docs/rules.md, "Event
 * time and watermarks").
 */
public final class MeterQuorumWatermarks implements WatermarkGenerator<ConsumedReading> {
  /**
   * Meters that must have reached a time before the watermark follows: three tolerates two runaway
   * clocks among the meters of one partition (a partition of a city's topic carries tens to
   * thousands of meters).
   */
  public static final int QUORUM = 3;

  private final MeterClockQuorum clock = new MeterClockQuorum(QUORUM);
  private final long outOfOrdernessMs;
  private boolean changed;
  private long emitted = Long.MIN_VALUE;

  /**
   * @param outOfOrderness how far behind the agreed time the watermark stays
   */
  public MeterQuorumWatermarks(Duration outOfOrderness) {
    this.outOfOrdernessMs = outOfOrderness.toMillis();
  }

  @Override
  public void onEvent(ConsumedReading event, long eventTimestamp, WatermarkOutput output) {
    if (event.reading != null) {
      clock.observe(event.reading.mn, event.reading.dataTime);
      changed = true;
    }
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    if (!changed) {
      return;
    }
    changed = false;
    long agreed = clock.time();
    // the same "- 1" as Flink's BoundedOutOfOrdernessWatermarks: data at exactly the agreed time
    // minus the out-of-orderness is still on time
    long w = agreed - outOfOrdernessMs - 1;
    if (w > emitted) {
      emitted = w;
      output.emitWatermark(new Watermark(w));
    }
  }
}
