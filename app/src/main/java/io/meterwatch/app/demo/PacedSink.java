package io.meterwatch.app.demo;

import io.meterwatch.connectors.bridge.BridgeMetrics;
import io.meterwatch.simulator.publish.MessageSink;
import java.util.Objects;

/**
 * Keeps the simulator at most {@code maxAhead} messages ahead of what the bridge has received, so
 * an accelerated demo never piles up a backlog in the broker that the bridge needs minutes to work
 * off (the embedded Moquette lets a QoS 1 subscriber have only 10 messages in flight). The
 * simulator's virtual clock then runs as fast as the pipeline takes it, up to {@code --speed}.
 */
public final class PacedSink implements MessageSink {
  /**
   * Longest wait for the bridge before sending anyway, so a message that never reaches the bridge
   * (another topic) cannot stall the demo.
   */
  private static final long MAX_WAIT_NANOS = 5_000_000_000L;

  private final MessageSink target;
  private final BridgeMetrics bridge;
  private final long maxAhead;
  private final long receivedBefore;
  private long sent;

  public PacedSink(MessageSink target, BridgeMetrics bridge, long maxAhead) {
    this.target = Objects.requireNonNull(target, "target");
    this.bridge = Objects.requireNonNull(bridge, "bridge");
    if (maxAhead < 1) {
      throw new IllegalArgumentException("maxAhead must be at least 1, was " + maxAhead);
    }
    this.maxAhead = maxAhead;
    this.receivedBefore = bridge.received();
  }

  @Override
  public void send(String topic, byte[] payload) throws Exception {
    long deadline = System.nanoTime() + MAX_WAIT_NANOS;
    while (sent - (bridge.received() - receivedBefore) >= maxAhead
        && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    target.send(topic, payload);
    sent++;
  }

  /** Messages sent through this sink. */
  public long sent() {
    return sent;
  }

  /** Messages sent that the bridge has not received yet. */
  public long behind() {
    return Math.max(0, sent - (bridge.received() - receivedBefore));
  }

  @Override
  public void flush() throws Exception {
    target.flush();
  }

  @Override
  public long errors() {
    return target.errors();
  }

  @Override
  public void close() throws Exception {
    target.close();
  }
}
