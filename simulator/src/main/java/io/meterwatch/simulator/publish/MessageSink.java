package io.meterwatch.simulator.publish;

import java.time.Instant;

/**
 * Where simulated devices' messages go: an MQTT broker ({@link MqttPublisher}) or memory (tests).
 */
public interface MessageSink extends AutoCloseable {
  /**
   * Sends one message. May block for flow control or while a broker is away.
   *
   * @throws Exception when the message cannot be sent and will not be retried
   */
  void send(String topic, byte[] payload) throws Exception;

  /**
   * Sends one message that a device sent at {@code simulatedSendTime}. The default ignores the
   * time: a broker stamps its own receive time. A sink that plays the bridge in simulated time (a
   * test's in-memory bridge) overrides it and {@link #receivesInSimulatedTime()}.
   *
   * @throws Exception when the message cannot be sent and will not be retried
   */
  default void send(String topic, byte[] payload, Instant simulatedSendTime) throws Exception {
    send(topic, payload);
  }

  /**
   * Whether the receiving side stamps messages with the simulated send time (then device clock
   * errors are visible to detector D9 at any simulation speed, and the manifest expects them).
   */
  default boolean receivesInSimulatedTime() {
    return false;
  }

  /** Waits until everything sent so far is delivered (acknowledged at QoS 1). */
  default void flush() throws Exception {}

  /** Send errors seen so far (failed publishes, connection losses). */
  default long errors() {
    return 0;
  }

  @Override
  default void close() throws Exception {}
}
