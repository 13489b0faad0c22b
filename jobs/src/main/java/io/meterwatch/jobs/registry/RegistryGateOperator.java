package io.meterwatch.jobs.registry;

import io.meterwatch.jobs.source.ConsumedReading;
import java.util.List;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs the {@link RegistryGate} and holds its watermark back behind the readings it holds.
 *
 * <p>A reading that waits for its registry version leaves the gate later than readings that came
 * after it. Were the readings' watermark passed on while it waits, the windows downstream would
 * close without it and it would arrive late (a dead letter, LATE). So the gate's watermark is the
 * smaller of its inputs' watermark and the oldest held reading's event time minus 1 ms; once the
 * version arrives (or the reading waited {@link RegistryGate#MAX_WAIT}), the held watermark
 * follows.
 */
public final class RegistryGateOperator
    extends CoBroadcastWithNonKeyedOperator<ConsumedReading, byte[], ConsumedReading> {
  private static final long serialVersionUID = 1L;

  private final RegistryGate gate;

  /** The watermark of the inputs, as far as it arrived. */
  private transient long inputWatermark;

  /** The watermark this operator passed on. */
  private transient long emittedWatermark;

  public RegistryGateOperator(RegistryGate gate) {
    super(gate, List.of(RegistryGate.IN_FORCE));
    this.gate = gate;
  }

  @Override
  public void open() throws Exception {
    super.open();
    inputWatermark = Long.MIN_VALUE;
    emittedWatermark = Long.MIN_VALUE;
  }

  @Override
  public void processElement1(StreamRecord<ConsumedReading> element) throws Exception {
    super.processElement1(element);
    passWatermark();
  }

  @Override
  public void processElement2(StreamRecord<byte[]> element) throws Exception {
    super.processElement2(element);
    passWatermark();
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    inputWatermark = Math.max(inputWatermark, mark.getTimestamp());
    passWatermark();
  }

  /** Passes on as much of the inputs' watermark as the held readings allow. */
  private void passWatermark() throws Exception {
    long oldestHeld = gate.oldestHeldEventTime();
    long allowed =
        oldestHeld == Long.MAX_VALUE ? inputWatermark : Math.min(inputWatermark, oldestHeld - 1);
    if (allowed > emittedWatermark) {
      emittedWatermark = allowed;
      super.processWatermark(new Watermark(allowed));
    }
  }
}
