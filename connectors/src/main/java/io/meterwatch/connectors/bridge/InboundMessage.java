package io.meterwatch.connectors.bridge;

import java.time.Instant;

/**
 * One MQTT message as the bridge received it, held until Kafka has it and the broker got its ack.
 *
 * @param topic the MQTT topic it was published on
 * @param payload the bytes exactly as received
 * @param messageId the MQTT packet id to acknowledge (0 for QoS 0)
 * @param qos the QoS it was delivered with
 * @param receiveTime when the bridge received it
 */
public record InboundMessage(
    String topic, byte[] payload, int messageId, int qos, Instant receiveTime) {}
