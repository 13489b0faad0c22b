package io.meterwatch.jobs.windows;

import static io.meterwatch.core.model.ParameterCatalogue.GAS_FLOW;
import static io.meterwatch.core.model.ParameterCatalogue.O2;
import static io.meterwatch.core.model.ParameterCatalogue.SO2;
import static io.meterwatch.core.testing.Fixtures.BEFORE_MIDNIGHT;
import static io.meterwatch.core.testing.Fixtures.CAL;
import static io.meterwatch.core.testing.Fixtures.T0;
import static io.meterwatch.core.testing.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.model.ReadingKind;
import io.meterwatch.core.rules.HourSource;
import io.meterwatch.core.rules.HourlyValue;
import io.meterwatch.core.rules.ValidityConfig;
import io.meterwatch.jobs.TestCity;
import io.meterwatch.jobs.source.CompactReading;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HourlyValidityFunctionTest {
  private static final Duration LATENESS = Duration.ofMinutes(10);
  private static final long HOUR = 3_600_000L;
  private static final long T = T0.toEpochMilli(); // 2025-03-10 08:00 local

  private KeyedOneInputStreamOperatorTestHarness<String, CompactReading, HourlyValue> h;

  private void open(Duration lateness) throws Exception {
    HourlyValidityFunction fn =
        new HourlyValidityFunction(
            TestCity.REGISTRY, ValidityConfig.DEFAULTS, new PeriodClock(CAL, lateness));
    h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(fn), r -> r.mn, Types.STRING);
    h.open();
  }

  @AfterEach
  void close() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private void send(Reading r) throws Exception {
    h.processElement(new StreamRecord<>(CompactReading.of(r), r.dataTime().toEpochMilli()));
  }

  /** Two kiln readings (every 30 s) in each minute of {@code [from, to)} after {@code start}. */
  private void kilnMinutes(long start, int from, int to, double so2, double o2, DataFlag flag)
      throws Exception {
    for (int m = from; m < to; m++) {
      for (int s = 0; s < 60; s += 30) {
        Instant t = Instant.ofEpochMilli(start + m * 60_000L + s * 1000L);
        send(reading(TestCity.KILN, t).rtd(SO2, so2, flag).rtd(O2, o2).rtd(GAS_FLOW, 100).build());
      }
    }
  }

  private HourlyValue only(String parameter) {
    List<HourlyValue> vs =
        h.extractOutputValues().stream().filter(v -> v.parameter().equals(parameter)).toList();
    assertThat(vs).hasSize(1);
    return vs.get(0);
  }

  @Test
  void fortyFourValidMinutesMakeNoValidHour() throws Exception {
    open(LATENESS);
    kilnMinutes(T, 0, 44, 100, 13, DataFlag.N);
    h.processWatermark(T + HOUR - 2);
    assertThat(h.extractOutputValues()).isEmpty();
    h.processWatermark(T + HOUR - 1);
    HourlyValue so2 = only(SO2);
    assertThat(so2.validMinutes()).isEqualTo(44);
    assertThat(so2.valid()).isFalse();
    assertThat(so2.value()).isEqualTo(100.0);
    assertThat(so2.hourStart()).isEqualTo(T0);
    assertThat(so2.revision()).isZero();
  }

  @Test
  void fortyFiveValidMinutesMakeAValidHourConvertedAtReferenceO2() throws Exception {
    open(LATENESS);
    kilnMinutes(T, 0, 45, 100, 13, DataFlag.N);
    kilnMinutes(T, 45, 60, 100, 13, DataFlag.C);
    h.processWatermark(T + HOUR - 1);
    assertThat(h.extractOutputValues()).hasSize(3);
    HourlyValue so2 = only(SO2);
    assertThat(so2.validMinutes()).isEqualTo(45);
    assertThat(so2.dataMinutes()).isEqualTo(60);
    assertThat(so2.valid()).isTrue();
    assertThat(so2.flag()).isEqualTo(DataFlag.N); // 45 of 60 minutes normal: 75 %
    assertThat(so2.source()).isEqualTo(HourSource.REAL_TIME);
    // 100 mg/m3 at 13 % O2 to the reference 10 %: 100 * 11 / 8
    assertThat(so2.converted()).isEqualTo(137.5);
    assertThat(so2.referenceO2()).isEqualTo(10.0);
    // 100 mg/m3 * 100 m3/s * 3600 s = 36 kg
    assertThat(so2.loadKg()).isCloseTo(36.0, within(1e-9));
    assertThat(so2.outlet()).isEqualTo(TestCity.KILN_OUTLET);
    assertThat(so2.enterprise()).isEqualTo(TestCity.ENTERPRISE);
    assertThat(so2.county()).isEqualTo(TestCity.COUNTY);
    HourlyValue o2 = only(O2);
    assertThat(o2.converted()).isNull();
    assertThat(o2.loadKg()).isNull();
  }

  @Test
  void deviceMinuteValuesTravelWithTheHourNextToTheJobsOwnMinutes() throws Exception {
    open(LATENESS);
    kilnMinutes(T, 0, 60, 100, 13, DataFlag.N);
    for (int m = 0; m < 60; m++) {
      // the device's minute values (CN 2051): SO2 5 % high in the second half hour
      send(
          reading(TestCity.KILN, Instant.ofEpochMilli(T + m * 60_000L), ReadingKind.MINUTE)
              .avg(SO2, m < 30 ? 100 : 105)
              .build());
    }
    h.processWatermark(T + HOUR - 1);
    HourlyValue so2 = only(SO2);
    assertThat(so2.source()).isEqualTo(HourSource.REAL_TIME);
    assertThat(so2.value()).isEqualTo(100.0);
    assertThat(so2.deviceMinuteAvg()).isEqualTo(102.5);
    assertThat(so2.recomputedMinuteAvg()).isEqualTo(100.0);
    assertThat(only(O2).deviceMinuteAvg()).isNull(); // no minute data for O2
  }

  /**
   * N and T (above the analyser's range: valid data at the value sent, a lower bound; docs/rules.md
   * "Above the measuring range (flag T)") count; every other flag makes the data invalid.
   */
  @Test
  void everyFlagButNAndTMakesTheDataInvalid() throws Exception {
    for (DataFlag flag : DataFlag.values()) {
      open(Duration.ZERO);
      kilnMinutes(T, 0, 60, 100, 13, flag);
      h.processWatermark(T + HOUR - 1);
      HourlyValue so2 = only(SO2);
      boolean counts = flag == DataFlag.N || flag == DataFlag.T;
      assertThat(so2.valid()).as("flag %s", flag).isEqualTo(counts);
      assertThat(so2.validMinutes()).as("flag %s", flag).isEqualTo(counts ? 60 : 0);
      assertThat(so2.flag()).isEqualTo(flag);
      assertThat(so2.value()).as("flag %s", flag).isEqualTo(counts ? 100.0 : null);
      close();
    }
  }

  @Test
  void oxygenNearAmbientIsNotConverted() throws Exception {
    open(LATENESS);
    kilnMinutes(T, 0, 60, 100, 20.0, DataFlag.N);
    kilnMinutes(T + HOUR, 0, 60, 100, 19.5, DataFlag.N);
    h.processWatermark(T + 2 * HOUR - 1);
    List<HourlyValue> so2 =
        h.extractOutputValues().stream().filter(v -> v.parameter().equals(SO2)).toList();
    assertThat(so2).hasSize(2);
    assertThat(so2.get(0).valid()).isTrue();
    assertThat(so2.get(0).converted()).isNull();
    assertThat(so2.get(0).referenceO2()).isNull();
    // 19.5 % is below the guard: 100 * 11 / 1.5
    assertThat(so2.get(1).converted()).isCloseTo(733.333333, within(1e-5));
  }

  @Test
  void localHoursAroundMidnight() throws Exception {
    open(Duration.ZERO);
    send(reading(TestCity.KILN, BEFORE_MIDNIGHT).rtd(SO2, 10).build());
    send(reading(TestCity.KILN, BEFORE_MIDNIGHT.plusSeconds(30)).rtd(SO2, 20).build());
    h.processWatermark(BEFORE_MIDNIGHT.plusSeconds(3630).toEpochMilli() - 1);
    List<HourlyValue> out = h.extractOutputValues();
    assertThat(out)
        .extracting(HourlyValue::hourStart)
        .containsExactly(BEFORE_MIDNIGHT.minusSeconds(3570), BEFORE_MIDNIGHT.plusSeconds(30));
    assertThat(CAL.local(out.get(1).hourStart()).toString()).isEqualTo("2025-03-11T00:00");
    assertThat(out).extracting(HourlyValue::value).containsExactly(10.0, 20.0);
  }

  @Test
  void deviceHourlyDataIsUsedWhenNoRealTimeDataArrived() throws Exception {
    open(Duration.ZERO);
    send(
        reading(TestCity.KILN, T0, ReadingKind.HOUR)
            .avg(SO2, 150)
            .value(SO2, "ZsAvg", 200, DataFlag.N)
            .avg(O2, 13)
            .avg(GAS_FLOW, 50)
            .build());
    h.processWatermark(T + HOUR - 1);
    HourlyValue so2 = only(SO2);
    assertThat(so2.source()).isEqualTo(HourSource.DEVICE_HOUR);
    assertThat(so2.valid()).isTrue();
    assertThat(so2.validMinutes()).isNull();
    assertThat(so2.value()).isEqualTo(150.0);
    assertThat(so2.converted()).isEqualTo(206.25);
    assertThat(so2.deviceAvg()).isEqualTo(150.0);
    assertThat(so2.deviceZsAvg()).isEqualTo(200.0);
  }

  @Test
  void backFillWithinLatenessUpdatesTheHourAndLaterDataIsLate() throws Exception {
    open(LATENESS);
    kilnMinutes(T, 0, 44, 100, 13, DataFlag.N);
    h.processWatermark(T + HOUR - 1);
    assertThat(only(SO2).valid()).isFalse();
    h.getOutput().clear();

    // minute 59 arrives 5 minutes after the hour closed: the hour is emitted again, now valid
    long wm = T + HOUR + 5 * 60_000L;
    h.processWatermark(wm);
    kilnMinutes(T, 59, 60, 40, 13, DataFlag.N);
    assertThat(h.extractOutputValues()).isEmpty();
    h.processWatermark(wm + 1000);
    HourlyValue so2 = only(SO2);
    assertThat(so2.revision()).isEqualTo(1);
    assertThat(so2.validMinutes()).isEqualTo(45);
    assertThat(so2.valid()).isTrue();
    assertThat(so2.value()).isCloseTo((44 * 100 + 40) / 45.0, within(1e-9));
    h.getOutput().clear();

    // the hour's last update time passes: state and timers are gone
    h.processWatermark(T + HOUR - 1 + LATENESS.toMillis());
    assertThat(h.extractOutputValues()).isEmpty();
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();

    // a reading for that hour now is late: side output, no state, no output
    send(reading(TestCity.KILN, T0.plusSeconds(600)).rtd(SO2, 1).build());
    assertThat(h.getSideOutput(HourlyValidityFunction.LATE)).hasSize(1);
    assertThat(h.getSideOutput(HourlyValidityFunction.LATE).peek().getValue().mn)
        .isEqualTo(TestCity.KILN);
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
    assertThat(h.extractOutputValues()).isEmpty();
  }

  @Test
  void shuffledArrivalWithinTheHourGivesTheSameHour() throws Exception {
    open(Duration.ZERO);
    for (int m = 59; m >= 0; m--) {
      send(reading(TestCity.KILN, T0.plusSeconds(m * 60L + 30)).rtd(SO2, m).build());
      send(reading(TestCity.KILN, T0.plusSeconds(m * 60L)).rtd(SO2, m + 1).build());
    }
    h.processWatermark(T + HOUR - 1);
    HourlyValue so2 = only(SO2);
    assertThat(so2.value()).isEqualTo(30.0);
    assertThat(so2.min()).isEqualTo(0.5);
    assertThat(so2.max()).isEqualTo(59.5);
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
  }
}
