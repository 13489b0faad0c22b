package io.meterwatch.simulator.publish;

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

  /** Waits until everything sent so far is delivered (acknowledged at QoS 1). */
  default void flush() throws Exception {}

  /** Send errors seen so far (failed publishes, connection losses). */
  default long errors() {
    return 0;
  }

  @Override
  default void close() throws Exception {}
}
