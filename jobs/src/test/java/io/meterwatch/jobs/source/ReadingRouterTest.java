package io.meterwatch.jobs.source;

import static io.meterwatch.core.model.ParameterCatalogue.ELECTRICITY;
import static io.meterwatch.core.model.ParameterCatalogue.SO2;
import static io.meterwatch.core.testing.Fixtures.CAL;
import static io.meterwatch.core.testing.Fixtures.T0;
import static io.meterwatch.core.testing.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.input.DeadLetter;
import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.json.ReadingJson;
import io.meterwatch.core.model.Reading;
import io.meterwatch.jobs.TestCity;
import io.meterwatch.jobs.windows.PeriodClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ReadingRouterTest {
  private static final ReadingJson JSON = new ReadingJson();
  private static final long HOUR = 3_600_000L;
  private static final long T = T0.toEpochMilli();

  private static ConsumedReading consumed(Reading r) {
    return ReadingDeserializer.decode(JSON, "meter.readings", T, JSON.write(r));
  }

  @Test
  void routesReadingsAndSendsTheRestToDeadLettersWithTheirReason() throws Exception {
    OneInputStreamOperatorTestHarness<ConsumedReading, CompactReading> h =
        ProcessFunctionTestHarnesses.forProcessFunction(
            new ReadingRouter(TestCity.REGISTRY, new PeriodClock(CAL, Duration.ofMinutes(10))));
    h.processElement(
        new StreamRecord<>(consumed(reading(TestCity.KILN, T0).rtd(SO2, 1).build()), T));
    h.processElement(
        new StreamRecord<>(consumed(reading(TestCity.POWER, T0).cou(ELECTRICITY, 5).build()), T));
    h.processElement(
        new StreamRecord<>(consumed(reading(TestCity.UNKNOWN, T0).rtd(SO2, 1).build()), T));
    byte[] bad = "{\"mn\":".getBytes(StandardCharsets.UTF_8);
    h.processElement(
        new StreamRecord<>(ReadingDeserializer.decode(JSON, "meter.readings", T, bad), T));

    // the 08:00 hour is closed for back-fill at 08:59:59.999 + 10 min; its month is not
    h.processWatermark(T + HOUR - 1 + Duration.ofMinutes(10).toMillis());
    Reading late = reading(TestCity.KILN, T0.plusSeconds(1800)).rtd(SO2, 7).build();
    h.processElement(new StreamRecord<>(consumed(late), T));
    h.processElement(
        new StreamRecord<>(
            consumed(reading(TestCity.POWER, T0.plusSeconds(1800)).cou(ELECTRICITY, 6).build()),
            T));

    assertThat(h.extractOutputValues()).extracting(r -> r.mn).containsExactly(TestCity.KILN);
    assertThat(h.getSideOutput(ReadingRouter.ENERGY))
        .extracting(r -> r.getValue().mn)
        .containsExactly(TestCity.POWER, TestCity.POWER);
    List<DeadLetter> dead =
        h.getSideOutput(ReadingRouter.DEAD_LETTERS).stream().map(StreamRecord::getValue).toList();
    assertThat(dead)
        .extracting(DeadLetter::reason)
        .containsExactly(ReasonCode.UNKNOWN_MN, ReasonCode.BAD_JSON, ReasonCode.LATE);
    assertThat(dead.get(1).original()).isEqualTo(bad);
    assertThat(dead.get(2).original()).isEqualTo(JSON.write(late));
    assertThat(dead.get(2).source()).isEqualTo("meter.readings");
    assertThat(dead.get(2).message())
        .isEqualTo(
            "data time 2025-03-10T08:30:00+08:00 is in the hour ending 2025-03-10T09:00:00+08:00, closed"
                + " for back-fill at watermark 2025-03-10T09:09:59.999+08:00");
    h.close();
  }
}
