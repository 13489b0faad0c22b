package io.meterwatch.jobs;

import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Kafka records of the job's outputs (case events, dead letters) stamped with the time they are
 * produced, not with the event time of the data they are about.
 *
 * <p>Why: the record serializer that {@code KafkaRecordSerializationSchema.builder()} builds stamps
 * each record with its Flink timestamp, the event time. Kafka rolls and deletes log segments by
 * record timestamps, so outputs about data older than the topic's retention (7 days by default: a
 * back-fill, a replayed month, the demo's simulated March 2025) were rolled into their own segment
 * at once and deleted at the broker's next retention check, within five minutes. The event time
 * stays in the record's value.
 *
 * @param <T> the output type
 */
public final class ProduceTimeRecords<T> implements KafkaRecordSerializationSchema<T> {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private final SerializationSchema<T> key;
  private final SerializationSchema<T> value;

  /**
   * @param topic the topic every record goes to
   * @param key the record key, or {@code null} for records without a key
   * @param value the record value
   */
  public ProduceTimeRecords(
      String topic, SerializationSchema<T> key, SerializationSchema<T> value) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.key = key;
    this.value = Objects.requireNonNull(value, "value");
  }

  @Override
  public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext)
      throws Exception {
    if (key != null) {
      key.open(context);
    }
    value.open(context);
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      T element, KafkaSinkContext context, Long eventTimestamp) {
    // a null timestamp lets the producer stamp the record with its own clock
    return new ProducerRecord<>(
        topic, null, null, key == null ? null : key.serialize(element), value.serialize(element));
  }
}
