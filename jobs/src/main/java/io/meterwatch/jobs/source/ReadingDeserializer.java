package io.meterwatch.jobs.source;

import io.meterwatch.core.input.RejectedInputException;
import io.meterwatch.core.json.ReadingJson;
import io.meterwatch.core.time.LocalCalendar;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes {@code meter.readings} records (canonical JSON, docs/reading-schema.md) once, in the
 * source. A record that does not decode is not an error of the job: it is emitted with its reason
 * and ends on the dead-letter topic.
 */
public class ReadingDeserializer implements KafkaRecordDeserializationSchema<ConsumedReading> {
  private static final long serialVersionUID = 1L;

  private final ReadingJson json;

  /**
   * A deserializer with the bridge's future-time bound ({@link
   * ReadingJson#DEFAULT_MAX_FUTURE_SKEW}).
   */
  public ReadingDeserializer(LocalCalendar calendar) {
    this(calendar, ReadingJson.DEFAULT_MAX_FUTURE_SKEW);
  }

  /**
   * A reading whose data time lies more than {@code maxFutureSkew} after its record's timestamp
   * (the bridge's receive time) is rejected as {@code FUTURE_TIME}: whatever wrote it to the topic,
   * a device clock years ahead must not open windows and timers that stay in state until the
   * watermark reaches them. Replays keep their original record timestamps, so they pass.
   */
  public ReadingDeserializer(LocalCalendar calendar, Duration maxFutureSkew) {
    this.json = new ReadingJson(calendar, maxFutureSkew);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ConsumedReading> out) {
    out.collect(decode(json, record.topic(), record.timestamp(), record.value()));
  }

  /** Decodes one payload. */
  static ConsumedReading decode(ReadingJson json, String topic, long receiveTime, byte[] value) {
    byte[] bytes = value == null ? new byte[0] : value;
    try {
      return ConsumedReading.of(
          topic, receiveTime, bytes, json.read(bytes, Instant.ofEpochMilli(receiveTime)));
    } catch (RejectedInputException e) {
      return ConsumedReading.rejected(topic, receiveTime, bytes, e.reason(), e.getMessage());
    }
  }

  @Override
  public TypeInformation<ConsumedReading> getProducedType() {
    return TypeInformation.of(ConsumedReading.class);
  }
}
