package io.meterwatch.jobs.registry;

import io.meterwatch.core.registry.RegistryChannel;
import io.meterwatch.core.registry.RegistryVersion;
import io.meterwatch.core.registry.RegistryVersion.UnreadableVersionException;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.standards.StandardsCatalogue;
import io.meterwatch.jobs.source.ConsumedReading;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the registry version in force in broadcast state and lets readings on once their version is
 * known (docs/registry.md, "Versions while everything runs").
 *
 * <p>Registry records arrive on the broadcast input from the registry topic. A record that is not a
 * readable version, whose document does not validate, or that is not newer than the version in
 * force is skipped with a logged reason and counted ({@code registryVersionsSkipped}); it is never
 * applied in part. A valid newer version, without its device passwords ({@link
 * RegistryVersion#withoutPasswords}), goes into broadcast state and is installed in the job's
 * {@link RegistryChannel}, which every operator's {@link SiteRegistry#following following} registry
 * reads.
 *
 * <p>A reading records the version the bridge judged it by. One with a version this gate does not
 * know yet (the bridge saw the publication before the job did) is held until that version arrives,
 * so that a meter added in version 2 is not dead-lettered as unknown by a job still at version 1.
 * At most {@link #MAX_HELD} readings are held per subtask; beyond that a reading goes on and is
 * judged by the version in force (a meter that version does not know becomes a dead letter, visible
 * and replayable). A reading also goes on when its version has not arrived within {@link #MAX_WAIT}
 * of its Kafka timestamp (checked as readings pass), so a version that never reaches the job (a
 * topic emptied by hand) delays readings but never loses them.
 *
 * <p>On restore, the version in the checkpoint is installed again, and the registry source replays
 * later versions from its checkpointed offset.
 */
public final class RegistryGate
    extends BroadcastProcessFunction<ConsumedReading, byte[], ConsumedReading>
    implements CheckpointedFunction {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(RegistryGate.class);

  /** Readings held per subtask waiting for their registry version, at most. */
  public static final int MAX_HELD = 100_000;

  /** How long a reading waits for its registry version (wall clock). */
  public static final java.time.Duration MAX_WAIT = java.time.Duration.ofSeconds(60);

  /** The broadcast state: the version in force, as its record value (JSON). */
  public static final MapStateDescriptor<String, String> IN_FORCE =
      new MapStateDescriptor<>("registry-in-force", Types.STRING, Types.STRING);

  private static final String KEY = "in-force";

  /**
   * Watermarks for the registry source: none, and the source is idle between records, so that the
   * gate's event time is the readings' alone. A registry topic quiet for months must not hold back
   * every window; nor may the registry input push time on: were it to carry a watermark (the end of
   * time, say), a readings feed idle for {@code --idleness} would leave that one as the gate's and
   * close every open window early. A version that arrives makes the source active until its next
   * periodic emit (200 ms), which only delays the gate's watermark.
   */
  public static final WatermarkStrategy<byte[]> NEVER_HOLDS_BACK_TIME =
      WatermarkStrategy.forGenerator(ctx -> new AlwaysIdle());

  private static final class AlwaysIdle implements WatermarkGenerator<byte[]> {
    @Override
    public void onEvent(byte[] event, long eventTimestamp, WatermarkOutput output) {}

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      output.markIdle();
    }
  }

  private final String channel;
  private final StandardsCatalogue standards;

  private transient long known;
  private transient java.util.ArrayDeque<ConsumedReading> held;

  /** When each held reading was held (wall clock; restored ones count from the restore). */
  private transient java.util.ArrayDeque<Long> heldAt;

  /**
   * The smallest event time among the held readings, {@link Long#MAX_VALUE} when none: read by
   * {@link RegistryGateOperator} after every record, so kept instead of computed per record.
   */
  private transient long oldestHeld;

  private transient ListState<ConsumedReading> heldState;
  private transient Counter skipped;
  private transient Counter applied;
  private transient boolean warnedFull;

  /**
   * @param channel the job's registry channel (its operators' registries follow it)
   * @param standards the standards catalogue versions are validated against
   */
  public RegistryGate(String channel, StandardsCatalogue standards) {
    this.channel = channel;
    this.standards = standards;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    held = new java.util.ArrayDeque<>();
    heldAt = new java.util.ArrayDeque<>();
    heldState =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>(
                    "registry-held-readings", TypeInformation.of(ConsumedReading.class)));
    long now = System.currentTimeMillis();
    for (ConsumedReading c : heldState.get()) {
      held.add(c);
      heldAt.add(now);
    }
    oldestHeld = oldest(held);
    BroadcastState<String, String> state =
        context.getOperatorStateStore().getBroadcastState(IN_FORCE);
    String json = state.get(KEY);
    known = 0;
    if (json != null) {
      // written by this gate after validation, so it reads and validates again
      RegistryVersion v = RegistryVersion.fromJson(json.getBytes(StandardCharsets.UTF_8));
      RegistryChannel.restore(channel, v.version(), v.registry(standards));
      known = v.version();
      LOG.info("registry version {} in force after restore", known);
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    heldState.update(new ArrayList<>(held));
  }

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
    skipped = getRuntimeContext().getMetricGroup().counter("registryVersionsSkipped");
    applied = getRuntimeContext().getMetricGroup().counter("registryVersionsApplied");
  }

  @Override
  public void processElement(
      ConsumedReading c, ReadOnlyContext ctx, Collector<ConsumedReading> out) {
    releaseOverdue(out);
    if (c.reading != null && c.reading.registryVersion > known) {
      if (held.size() < MAX_HELD) {
        held.add(c);
        heldAt.add(System.currentTimeMillis());
        oldestHeld = Math.min(oldestHeld, c.eventTime());
        return;
      }
      if (!warnedFull) {
        LOG.warn(
            "{} readings wait for registry version {} or later (in force: {}); further ones are"
                + " judged by the version in force",
            held.size(),
            c.reading.registryVersion,
            known);
        warnedFull = true;
      }
    }
    out.collect(c);
  }

  @Override
  public void processBroadcastElement(byte[] value, Context ctx, Collector<ConsumedReading> out)
      throws Exception {
    RegistryVersion v;
    SiteRegistry next;
    try {
      v = RegistryVersion.fromJson(value);
      next = v.validRegistry(standards);
    } catch (UnreadableVersionException e) {
      skip(e.getMessage());
      return;
    }
    if (v.version() <= known) {
      skip("version " + v.version() + " is not newer than version " + known + " in force");
      return;
    }
    // Only the bridge checks device passwords: the job keeps versions without them, in its state
    // and checkpoints (RegistryVersion.withoutPasswords) and in the channel. Here, not in the
    // registry source: work in the source's reader delays versions behind the readings, which
    // then pass the gate's watermark while they wait for their version.
    ctx.getBroadcastState(IN_FORCE)
        .put(KEY, new String(v.withoutPasswords().toJson(), StandardCharsets.UTF_8));
    RegistryChannel.install(channel, v.version(), next.withoutPasswords());
    known = v.version();
    applied.inc();
    LOG.info(
        "registry version {} in force (published by {} at {})",
        v.version(),
        v.publishedBy(),
        v.publishedAt());
    releaseHeld(out);
  }

  /** Lets on, in arrival order, the held readings whose version is now known. */
  private void releaseHeld(Collector<ConsumedReading> out) {
    if (held.isEmpty()) {
      return;
    }
    java.util.ArrayDeque<ConsumedReading> still = new java.util.ArrayDeque<>();
    java.util.ArrayDeque<Long> stillAt = new java.util.ArrayDeque<>();
    while (!held.isEmpty()) {
      ConsumedReading c = held.pollFirst();
      long at = heldAt.pollFirst();
      if (c.reading.registryVersion <= known) {
        out.collect(c);
      } else {
        still.add(c);
        stillAt.add(at);
      }
    }
    held = still;
    heldAt = stillAt;
    oldestHeld = oldest(held);
    warnedFull = false;
  }

  /**
   * The smallest event time among the readings this gate holds, {@link Long#MAX_VALUE} when it
   * holds none (its operator holds the watermark back to it).
   */
  long oldestHeldEventTime() {
    return oldestHeld;
  }

  private static long oldest(java.util.Collection<ConsumedReading> readings) {
    long min = Long.MAX_VALUE;
    for (ConsumedReading c : readings) {
      min = Math.min(min, c.eventTime());
    }
    return min;
  }

  /** Lets on the readings that waited longer than {@link #MAX_WAIT} (oldest first). */
  private void releaseOverdue(Collector<ConsumedReading> out) {
    long cutoff = System.currentTimeMillis() - MAX_WAIT.toMillis();
    boolean released = false;
    while (!held.isEmpty() && heldAt.peekFirst() < cutoff) {
      released = true;
      heldAt.pollFirst();
      ConsumedReading c = held.pollFirst();
      LOG.warn(
          "registry version {} not received within {}: reading of {} judged by version {}",
          c.reading.registryVersion,
          MAX_WAIT,
          c.reading.mn,
          known);
      out.collect(c);
    }
    if (released) {
      oldestHeld = oldest(held);
    }
  }

  private void skip(String reason) {
    skipped.inc();
    LOG.warn("registry record skipped: {}", reason);
  }

  @Override
  public void close() {
    // the channel outlives a restart of this task in the same JVM: restore() resets it
  }
}
