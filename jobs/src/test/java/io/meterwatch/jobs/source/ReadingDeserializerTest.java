package io.meterwatch.jobs.source;

import static io.meterwatch.core.model.ParameterCatalogue.SO2;
import static io.meterwatch.core.testing.Fixtures.CAL;
import static io.meterwatch.core.testing.Fixtures.T0;
import static io.meterwatch.core.testing.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.json.ReadingJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The job's source decoding: a device clock far ahead is dead-lettered, not put into windows. */
class ReadingDeserializerTest {

  private static ConsumedReading decode(ReadingDeserializer d, Instant dataTime, Instant received)
      throws Exception {
    byte[] value = new ReadingJson().write(reading("MN-FUTURE", dataTime).rtd(SO2, 41.2).build());
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>(
            "meter.readings",
            0,
            7L,
            received.toEpochMilli(),
            TimestampType.CREATE_TIME,
            9,
            value.length,
            "MN-FUTURE".getBytes(),
            value,
            new RecordHeaders(),
            Optional.empty());
    List<ConsumedReading> out = new ArrayList<>();
    d.deserialize(
        record,
        new Collector<>() {
          @Override
          public void collect(ConsumedReading c) {
            out.add(c);
          }

          @Override
          public void close() {}
        });
    assertThat(out).hasSize(1);
    return out.get(0);
  }

  @Test
  void readingsFarAheadOfTheirReceiveTimeAreFutureTime() throws Exception {
    ReadingDeserializer oneDay = new ReadingDeserializer(CAL);
    // a year ahead of the bridge's receive time: rejected with its reason, nothing for the windows
    ConsumedReading ahead = decode(oneDay, T0.plus(Duration.ofDays(365)), T0);
    assertThat(ahead.reason).isEqualTo(ReasonCode.FUTURE_TIME);
    assertThat(ahead.reading).isNull();
    // just inside the default bound of one day, and a replay of old data: accepted
    assertThat(decode(oneDay, T0.plus(Duration.ofHours(23)), T0).reason).isNull();
    assertThat(decode(oneDay, T0.minus(Duration.ofDays(400)), T0).reason).isNull();
    // a tighter bound from --max-future-skew
    ReadingDeserializer tenMinutes = new ReadingDeserializer(CAL, Duration.ofMinutes(10));
    assertThat(decode(tenMinutes, T0.plus(Duration.ofMinutes(11)), T0).reason)
        .isEqualTo(ReasonCode.FUTURE_TIME);
    assertThat(decode(tenMinutes, T0.plus(Duration.ofMinutes(9)), T0).reason).isNull();
  }
}
