package io.meterwatch.jobs.quality;

import static io.meterwatch.core.model.ParameterCatalogue.O2;
import static io.meterwatch.core.model.ParameterCatalogue.SO2;
import static io.meterwatch.core.testing.Fixtures.CAL;
import static io.meterwatch.core.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.cases.Severity;
import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.quality.DetectorConfig;
import io.meterwatch.core.rules.HourSource;
import io.meterwatch.core.rules.HourlyValue;
import io.meterwatch.core.rules.ValidityConfig;
import io.meterwatch.jobs.TestCity;
import io.meterwatch.jobs.windows.PeriodClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** D2 (hour, day), D3 (flagged share, manual values) and D8 at their edges. */
class HourDetectorsFunctionTest {
  private static final long HOUR = 3_600_000L;
  private static final PeriodClock CLOCK = new PeriodClock(CAL, Duration.ofHours(1));

  /** 2025-03-10 00:00 local: the day of {@code T0}. */
  private static final long DAY = CAL.dayStart(T0).toEpochMilli();

  private KeyedOneInputStreamOperatorTestHarness<String, HourlyValue, RuleEvent> h;

  @BeforeEach
  void open() throws Exception {
    h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(
                new HourDetectorsFunction(
                    TestCity.REGISTRY, DetectorConfig.DEFAULTS, ValidityConfig.DEFAULTS, CLOCK)),
            HourlyValue::mn,
            Types.STRING);
    h.open();
  }

  @AfterEach
  void close() throws Exception {
    h.close();
  }

  /** A kiln hourly value from real-time data. */
  private static HourlyValue hour(
      String param,
      long start,
      Double value,
      int validMinutes,
      DataFlag flag,
      Double converted,
      Double deviceAvg) {
    return hour(param, start, value, validMinutes, flag, converted, deviceAvg, null, null);
  }

  /** A kiln hourly value from real-time data with the device's minute values matched to it. */
  private static HourlyValue hour(
      String param,
      long start,
      Double value,
      int validMinutes,
      DataFlag flag,
      Double converted,
      Double deviceAvg,
      Double deviceMinuteAvg,
      Double recomputedMinuteAvg) {
    return new HourlyValue(
        TestCity.KILN,
        param,
        Instant.ofEpochMilli(start),
        TestCity.KILN_OUTLET,
        TestCity.ENTERPRISE,
        TestCity.COUNTY,
        value,
        value,
        value,
        validMinutes,
        60,
        validMinutes >= 45,
        flag,
        HourSource.REAL_TIME,
        converted,
        converted == null ? null : 10.0,
        null,
        deviceAvg,
        null,
        deviceMinuteAvg,
        recomputedMinuteAvg,
        0);
  }

  private void send(HourlyValue v) throws Exception {
    h.processElement(new StreamRecord<>(v, v.hourStart().toEpochMilli() + HOUR - 1));
  }

  private List<RuleEvent> events(String rule, String parameter) {
    return h.extractOutputValues().stream()
        .filter(e -> e.key().rule().equals(rule) && e.parameter().equals(parameter))
        .toList();
  }

  @Test
  void d2HourAtFortyFourAndFortyFiveValidMinutes() throws Exception {
    send(hour(O2, DAY, 13.0, 44, DataFlag.N, null, null));
    send(hour(O2, DAY + HOUR, 13.0, 45, DataFlag.N, null, null));
    List<RuleEvent> d2 = events("D2", O2);
    assertThat(d2).extracting(RuleEvent::breach).containsExactly(true, false);
    assertThat(d2.get(0).evidence().value()).isEqualTo(44.0);
    assertThat(d2.get(0).evidence().limit()).isEqualTo(45.0);
    assertThat(d2.get(0).evidence().validCount()).isEqualTo(44);
    assertThat(d2.get(0).evidence().windowEnd()).isEqualTo(Instant.ofEpochMilli(DAY + HOUR));
    assertThat(d2.get(0).key().subject()).isEqualTo(TestCity.KILN_OUTLET);
  }

  /** A day of O2 hours: {@code valid} valid ones, then invalid ones, {@code flagged} with M. */
  private void day(long dayStart, int valid, int flagged) throws Exception {
    for (int i = 0; i < 24; i++) {
      boolean ok = i < valid;
      DataFlag flag = i >= 24 - flagged ? DataFlag.M : DataFlag.N;
      send(hour(O2, dayStart + i * HOUR, 13.0, ok ? 60 : 10, flag, null, null));
    }
  }

  @Test
  void d2DayAtNineteenAndTwentyValidHoursThenStateAndTimersAreGone() throws Exception {
    day(DAY, 19, 0);
    day(DAY + 24 * HOUR, 20, 0);
    h.getOutput().clear();
    h.processWatermark(DAY + 24 * HOUR - 2);
    assertThat(h.extractOutputValues()).isEmpty();
    h.processWatermark(DAY + 48 * HOUR - 1);
    List<RuleEvent> d2 = events("D2", O2);
    assertThat(d2).extracting(RuleEvent::breach).containsExactly(true, false);
    assertThat(d2).extracting(e -> e.evidence().value()).containsExactly(19.0, 20.0);
    assertThat(d2.get(0).evidence().unit()).isEqualTo("h");
    assertThat(CAL.local(d2.get(0).evidence().windowStart()).toString())
        .isEqualTo("2025-03-10T00:00");
    // the meter's first/last hour and its cleanup timer only
    assertThat(h.numKeyedStateEntries()).isEqualTo(1);
    assertThat(h.numEventTimeTimers()).isEqualTo(1);
    // quiet: gone 7 days after the end of its last day, not 1 ms earlier
    h.processWatermark(DAY + 48 * HOUR + 7 * 24 * HOUR - 1);
    assertThat(h.numKeyedStateEntries()).isEqualTo(1);
    h.processWatermark(DAY + 48 * HOUR + 7 * 24 * HOUR);
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
  }

  @Test
  void d2DayIsNotJudgedWhenTheJobSawTooLittleOfItOrTheInputEndedInIt() throws Exception {
    for (int i = 5; i < 24; i++) { // the job started at 05:00: 19 possible hours
      send(hour(O2, DAY + i * HOUR, 13.0, 10, DataFlag.N, null, null));
    }
    for (int i = 0; i < 10; i++) { // the input ends at 10:00 the next day
      send(hour(O2, DAY + 24 * HOUR + i * HOUR, 13.0, 10, DataFlag.N, null, null));
    }
    h.getOutput().clear();
    h.processWatermark(Long.MAX_VALUE);
    assertThat(events("D2", O2)).isEmpty();
    assertThat(events("D3", "-")).hasSize(1); // flags are judged on the hours seen
    assertThat(h.numEventTimeTimers()).isZero();
    assertThat(h.numKeyedStateEntries()).isZero();
  }

  @Test
  void d3FlaggedShareAtTwoAndThreeHours() throws Exception {
    day(DAY, 24, 2);
    day(DAY + 24 * HOUR, 24, 3);
    h.processWatermark(DAY + 48 * HOUR - 1);
    List<RuleEvent> d3 = events("D3", "-");
    assertThat(d3).extracting(RuleEvent::breach).containsExactly(false, true);
    assertThat(d3.get(1).evidence().value()).isEqualTo(3.0);
    assertThat(d3.get(1).evidence().limit())
        .isCloseTo(2.4, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(d3.get(1).evidence().detail()).isEqualTo("3 of 24 hours flagged (M)");
  }

  @Test
  void d3ManualValuesRightAfterAnExceedanceButNotFourHoursLater() throws Exception {
    // SO2 limit 200 at the kiln: 220 converted is an exceedance
    send(hour(SO2, DAY, 160.0, 60, DataFlag.N, 220.0, null));
    send(hour(SO2, DAY + 3 * HOUR, null, 0, DataFlag.S, null, null));
    send(hour(SO2, DAY + 4 * HOUR, null, 0, DataFlag.S, null, null));
    // an S hour whose own normal minutes exceed
    send(hour(SO2, DAY + 10 * HOUR, 150.0, 20, DataFlag.S, 200.5, null));
    List<RuleEvent> d3 = events("D3", SO2);
    assertThat(d3).extracting(RuleEvent::breach).containsExactly(true, false, true);
    assertThat(d3.get(0).severity()).isEqualTo(Severity.MAJOR);
    assertThat(d3.get(0).evidence().limit()).isEqualTo(200.0);
    assertThat(d3.get(2).evidence().value()).isEqualTo(200.5);
  }

  @Test
  void d8DeviceAverageWithinAndBeyondFivePercent() throws Exception {
    send(hour(SO2, DAY, 100.0, 60, DataFlag.N, 137.5, 105.0));
    send(hour(SO2, DAY + HOUR, 100.0, 60, DataFlag.N, 137.5, 105.01));
    send(hour(SO2, DAY + 2 * HOUR, 100.0, 60, DataFlag.N, 137.5, null));
    List<RuleEvent> d8 = events("D8", SO2);
    assertThat(d8).extracting(RuleEvent::breach).containsExactly(false, true);
    assertThat(d8.get(1).evidence().value()).isEqualTo(105.01);
    assertThat(d8.get(1).evidence().limit()).isEqualTo(100.0);
    assertThat(d8.get(1).evidence().multiple())
        .isCloseTo(0.0501, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void d8DeviceMinuteValuesWithinAndBeyondFivePercentOfTheRecomputedMinutes() throws Exception {
    // the hourly average agrees; only the minute values (CN 2051) tell
    send(hour(SO2, DAY, 100.0, 60, DataFlag.N, null, 100.0, 94.0, 98.0));
    send(hour(SO2, DAY + HOUR, 100.0, 60, DataFlag.N, null, 100.0, 92.9, 98.0));
    send(hour(SO2, DAY + 2 * HOUR, 100.0, 60, DataFlag.N, null, null, 92.9, 98.0));
    send(hour(SO2, DAY + 3 * HOUR, 100.0, 60, DataFlag.N, null, null, 98.0, 98.0));
    // a device sending only minute data has no real-time hour to compare with: not judged
    send(hour(SO2, DAY + 4 * HOUR, 100.0, 60, DataFlag.N, null, null, null, null));
    List<RuleEvent> d8 = events("D8", SO2);
    assertThat(d8).extracting(RuleEvent::breach).containsExactly(false, true, true, false);
    assertThat(d8.get(0).evidence().detail())
        .isEqualTo("a21026 device Avg 100.0 vs recomputed 100.0 (within tolerance)");
    RuleEvent minutes = d8.get(1);
    assertThat(minutes.evidence().value()).isEqualTo(92.9);
    assertThat(minutes.evidence().limit()).isEqualTo(98.0);
    assertThat(minutes.evidence().multiple())
        .isCloseTo((92.9 - 98.0) / 98.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(minutes.evidence().detail())
        .isEqualTo("a21026 device minute values 92.9 vs recomputed 98.0 (beyond tolerance)");
    assertThat(d8.get(2).evidence().value()).isEqualTo(92.9);
  }
}
