package io.meterwatch.core.input;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * An input that could not become a reading, kept whole for the dead-letter topic ({@code
 * meter.readings.dlq}; JSON form in docs/reading-schema.md). Nothing is lost: the original bytes
 * travel unchanged, with where and when they came from and why they were rejected.
 *
 * @param original the payload exactly as received
 * @param source where it came from: the MQTT topic (bridge) or the Kafka topic (job)
 * @param receiveTime when it was received
 * @param reason why it was rejected
 * @param message a human explanation naming the offending field
 */
public record DeadLetter(
    byte[] original, String source, Instant receiveTime, ReasonCode reason, String message) {

  public DeadLetter {
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(reason, "reason");
    original = original.clone();
  }

  /** The dead letter for a rejected input. */
  public static DeadLetter of(
      byte[] original, String source, Instant receiveTime, RejectedInputException e) {
    return new DeadLetter(original, source, receiveTime, e.reason(), e.getMessage());
  }

  /** A copy of the original bytes. */
  @Override
  public byte[] original() {
    return original.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeadLetter d
        && Arrays.equals(original, d.original)
        && Objects.equals(source, d.source)
        && Objects.equals(receiveTime, d.receiveTime)
        && reason == d.reason
        && Objects.equals(message, d.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(original), source, receiveTime, reason, message);
  }

  @Override
  public String toString() {
    String text = new String(original, StandardCharsets.UTF_8);
    if (text.length() > 120) {
      text = text.substring(0, 120) + "...";
    }
    return "DeadLetter["
        + reason
        + " from "
        + source
        + " at "
        + receiveTime
        + ": "
        + message
        + " | "
        + text
        + "]";
  }
}
