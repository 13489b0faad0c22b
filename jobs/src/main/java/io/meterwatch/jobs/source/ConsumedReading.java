package io.meterwatch.jobs.source;

import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.model.Reading;

/**
 * One record of {@code meter.readings} as the job's source emits it: the original bytes with where
 * they came from, and either the decoded reading (in its compact form) or why it could not be
 * decoded. Decoding in the source lets the watermarks be generated per Kafka partition from the
 * data time, and keeping the bytes lets a rejected or late record reach the dead-letter topic
 * unchanged. A Flink POJO.
 */
public class ConsumedReading {
  public String topic;
  public long receiveTime;
  public byte[] value;

  /** The decoded reading, {@code null} when decoding failed. */
  public CompactReading reading;

  /** Why decoding failed, {@code null} when it succeeded. */
  public ReasonCode reason;

  public String message;

  public ConsumedReading() {}

  /** A record that decoded to a reading. */
  public static ConsumedReading of(String topic, long receiveTime, byte[] value, Reading r) {
    ConsumedReading c = new ConsumedReading();
    c.topic = topic;
    c.receiveTime = receiveTime;
    c.value = value;
    c.reading = CompactReading.of(r);
    return c;
  }

  /** A record that did not decode. */
  public static ConsumedReading rejected(
      String topic, long receiveTime, byte[] value, ReasonCode reason, String message) {
    ConsumedReading c = new ConsumedReading();
    c.topic = topic;
    c.receiveTime = receiveTime;
    c.value = value;
    c.reason = reason;
    c.message = message;
    return c;
  }

  /** The event time: the reading's data time, or none for a rejected record. */
  public long eventTime() {
    return reading == null ? Long.MIN_VALUE : reading.dataTime;
  }
}
