package io.meterwatch.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meterwatch.core.model.DataFlag;
import org.junit.jupiter.api.Test;

class HourAccumulatorTest {
  private static final ValidityConfig C = ValidityConfig.DEFAULTS;

  /** Two readings per minute (every 30 s) in the first {@code minutes} minutes. */
  private static HourAccumulator filled(int minutes, double value) {
    HourAccumulator a = new HourAccumulator();
    for (int m = 0; m < minutes; m++) {
      a.addRealTime(m, value, DataFlag.N, null);
      a.addRealTime(m, value + 2, DataFlag.N, null);
    }
    return a;
  }

  @Test
  void fortyFourValidMinutesAreNotAValidHourFortyFiveAre() {
    HourStats h44 = filled(44, 10).close(C);
    assertThat(h44.validMinutes()).isEqualTo(44);
    assertThat(h44.valid()).isFalse();
    assertThat(h44.value()).isEqualTo(11.0);
    assertThat(h44.flag()).isEqualTo(DataFlag.N);

    HourStats h45 = filled(45, 10).close(C);
    assertThat(h45.validMinutes()).isEqualTo(45);
    assertThat(h45.dataMinutes()).isEqualTo(45);
    assertThat(h45.valid()).isTrue();
    assertThat(h45.value()).isEqualTo(11.0);
    assertThat(h45.min()).isEqualTo(11.0);
    assertThat(h45.max()).isEqualTo(11.0);
    assertThat(h45.readings()).isEqualTo(90);
    assertThat(h45.source()).isEqualTo(HourSource.REAL_TIME);
  }

  @Test
  void hourValueIsTheMeanOfMinuteMeans() {
    HourAccumulator a = new HourAccumulator();
    // minute 0: 10 and 20 -> 15; minute 1: only 30 (one packet lost) -> 30
    a.addRealTime(0, 10, DataFlag.N, null);
    a.addRealTime(0, 20, DataFlag.N, null);
    a.addRealTime(1, 30, DataFlag.N, null);
    HourStats h = a.close(C);
    assertThat(h.value()).isEqualTo(22.5);
    assertThat(h.validMinutes()).isEqualTo(2);
    assertThat(h.min()).isEqualTo(15.0);
    assertThat(h.max()).isEqualTo(30.0);
  }

  @Test
  void everyFlagOtherThanNAndTIsNotValidData() {
    for (DataFlag f : DataFlag.values()) {
      HourAccumulator a = new HourAccumulator();
      for (int m = 0; m < 60; m++) {
        a.addRealTime(m, 5, f, null);
        a.addRealTime(m, 5, f, null);
      }
      HourStats h = a.close(C);
      if (f == DataFlag.N || f == DataFlag.T) {
        assertThat(h.valid()).as("flag %s", f).isTrue();
        assertThat(h.validMinutes()).isEqualTo(60);
        assertThat(h.value()).isEqualTo(5.0);
        assertThat(h.flag()).isEqualTo(f);
      } else {
        assertThat(h.valid()).as("flag %s", f).isFalse();
        assertThat(h.validMinutes()).as("flag %s", f).isZero();
        assertThat(h.value()).isNull();
        assertThat(h.flag()).isEqualTo(f);
        assertThat(h.dataMinutes()).isEqualTo(60);
      }
    }
  }

  @Test
  void anAnalyserPinnedAboveItsRangeGivesAValidHourFlaggedT() {
    // SO2 range 0-500 mg/m3: normal at 180 for 20 minutes, then pinned at 500 (flag T) for 40;
    // the hour is judged at (20 x 180 + 40 x 500) / 60, a lower bound of the true mean
    HourAccumulator a = filled(20, 179);
    for (int m = 20; m < 60; m++) {
      a.addRealTime(m, 500, DataFlag.T, null);
      a.addRealTime(m, 500, DataFlag.T, null);
    }
    HourStats h = a.close(C);
    assertThat(h.valid()).isTrue();
    assertThat(h.validMinutes()).isEqualTo(60);
    assertThat(h.value()).isCloseTo((20 * 180 + 40 * 500) / 60.0, within(1e-9));
    assertThat(h.max()).isEqualTo(500.0);
    assertThat(h.flag()).isEqualTo(DataFlag.T);
    // one above-range reading is enough to flag the hour T
    HourAccumulator b = filled(59, 10);
    b.addRealTime(59, 500, DataFlag.T, null);
    assertThat(b.close(C).flag()).isEqualTo(DataFlag.T);
    assertThat(filled(60, 10).close(C).flag()).isEqualTo(DataFlag.N);
  }

  @Test
  void aMinuteWithOneNormalAndOneCalibrationReadingIsNotValid() {
    HourAccumulator a = new HourAccumulator();
    a.addRealTime(0, 10, DataFlag.N, null);
    a.addRealTime(0, 99, DataFlag.C, null);
    a.addRealTime(1, 10, DataFlag.N, null);
    HourStats h = a.close(C);
    assertThat(h.validMinutes()).isEqualTo(1);
    assertThat(h.dataMinutes()).isEqualTo(2);
    // 1 of 2 minutes normal is below 75 %: the hour is flagged with the dominant other flag
    assertThat(h.flag()).isEqualTo(DataFlag.C);
    assertThat(h.value()).isEqualTo(10.0);
  }

  @Test
  void seventyFivePercentNormalMinutesFlagTheHourNormal() {
    HourAccumulator a = filled(45, 1);
    for (int m = 45; m < 60; m++) {
      a.addRealTime(m, 1, DataFlag.M, null);
    }
    assertThat(a.close(C).flag()).isEqualTo(DataFlag.N);
    a.addRealTime(59, 1, DataFlag.N, null); // 59 now half M: not normal, still 45 normal of 60
    assertThat(a.close(C).flag()).isEqualTo(DataFlag.N);
    HourAccumulator b = filled(44, 1);
    for (int m = 44; m < 60; m++) {
      b.addRealTime(m, 1, DataFlag.D, null);
    }
    assertThat(b.close(C).flag()).isEqualTo(DataFlag.D);
  }

  @Test
  void strictConfigNeedsTwoReadingsPerMinute() {
    ValidityConfig strict = new ValidityConfig(2, 0.75, 45, 20, 20.0, 10);
    HourAccumulator a = new HourAccumulator();
    a.addRealTime(0, 10, DataFlag.N, null);
    a.addRealTime(1, 10, DataFlag.N, null);
    a.addRealTime(1, 12, DataFlag.N, null);
    HourStats h = a.close(strict);
    assertThat(h.validMinutes()).isEqualTo(1);
    assertThat(h.value()).isEqualTo(11.0);
  }

  @Test
  void deviceMinuteDataIsUsedWhenThereIsNoRealTimeData() {
    HourAccumulator a = new HourAccumulator();
    // 10-minute periods: 5 normal periods = 50 minutes, one maintenance period = 10 minutes
    for (int p = 0; p < 5; p++) {
      a.addDeviceMinute(p * 10, 20 + p, DataFlag.N);
    }
    a.addDeviceMinute(50, 99, DataFlag.M);
    a.setDeviceHour(21.7, 30.1, DataFlag.N);
    HourStats h = a.close(C);
    assertThat(h.source()).isEqualTo(HourSource.DEVICE_MINUTE);
    assertThat(h.validMinutes()).isEqualTo(50);
    assertThat(h.dataMinutes()).isEqualTo(60);
    assertThat(h.valid()).isTrue();
    assertThat(h.value()).isEqualTo(22.0);
    assertThat(h.deviceAvg()).isEqualTo(21.7);
    assertThat(h.deviceZsAvg()).isEqualTo(30.1);
    assertThat(h.deviceMinuteMean()).isEqualTo(22.0);
  }

  @Test
  void aDeviceMinuteValueStandsForAtMostTheConfiguredInterval() {
    HourAccumulator a = new HourAccumulator();
    for (int m = 0; m < 44; m++) {
      a.addDeviceMinute(m, 3, DataFlag.N); // one-minute device: 44 minutes
    }
    HourStats h = a.close(C);
    // the last value (minute 43) covers 43..52, the interval of 10 minutes: 53 data minutes
    assertThat(h.validMinutes()).isEqualTo(53);
    assertThat(h.valid()).isTrue();
  }

  @Test
  void deviceHourlyDataIsUsedWhenNothingElseArrived() {
    HourAccumulator a = new HourAccumulator();
    a.setDeviceHour(42.5, null, DataFlag.N);
    HourStats h = a.close(C);
    assertThat(h.source()).isEqualTo(HourSource.DEVICE_HOUR);
    assertThat(h.value()).isEqualTo(42.5);
    assertThat(h.valid()).isTrue();
    assertThat(h.validMinutes()).isNull();

    HourAccumulator b = new HourAccumulator();
    b.setDeviceHour(42.5, null, DataFlag.C);
    HourStats hb = b.close(C);
    assertThat(hb.valid()).isFalse();
    assertThat(hb.value()).isNull();
    assertThat(hb.flag()).isEqualTo(DataFlag.C);
  }

  @Test
  void fewerDeviceMinutesThanAValidHourNeedsGiveWayToTheDevicesHourlyAverage() {
    // a meter back from two hours offline sends the minute and the hour it has just closed
    HourAccumulator back = new HourAccumulator();
    back.addDeviceMinute(59, 30.0, DataFlag.N);
    back.setDeviceHour(28.0, null, DataFlag.N);
    HourStats h = back.close(C);
    assertThat(h.source()).isEqualTo(HourSource.DEVICE_HOUR);
    assertThat(h.value()).isEqualTo(28.0);
    assertThat(h.valid()).isTrue();

    // enough minutes arrived (44 values cover 53 minutes, see above), even if all under
    // maintenance: the minutes stay the source and the hour stays invalid
    HourAccumulator sparse = new HourAccumulator();
    for (int m = 0; m < 44; m++) {
      sparse.addDeviceMinute(m, 3, DataFlag.M);
    }
    sparse.setDeviceHour(3.0, null, DataFlag.N);
    assertThat(sparse.close(C).source()).isEqualTo(HourSource.DEVICE_MINUTE);

    HourAccumulator noHour = new HourAccumulator();
    noHour.addDeviceMinute(59, 30.0, DataFlag.N);
    HourStats n = noHour.close(C);
    assertThat(n.source()).isEqualTo(HourSource.DEVICE_MINUTE);
    assertThat(n.validMinutes()).isEqualTo(1);
    assertThat(n.valid()).isFalse();
  }

  @Test
  void realTimeDataWinsAndTheDeviceFiguresAreKeptForCrossChecking() {
    HourAccumulator a = filled(60, 10);
    a.addRealTime(0, 10, DataFlag.N, 25.0);
    a.setDeviceHour(13.0, 31.0, DataFlag.N);
    a.addDeviceMinute(0, 12.0, DataFlag.N);
    HourStats h = a.close(C);
    assertThat(h.source()).isEqualTo(HourSource.REAL_TIME);
    assertThat(h.value()).isCloseTo(11.0 - 1.0 / 3 / 60, within(1e-12));
    assertThat(h.deviceAvg()).isEqualTo(13.0);
    assertThat(h.deviceZsAvg()).isEqualTo(31.0);
    assertThat(h.deviceMinuteMean()).isEqualTo(12.0);
    assertThat(h.deviceZsMean()).isEqualTo(25.0);
  }

  @Test
  void deviceMinuteValuesAreMatchedWithTheJobsMinutesOverTheSamePeriods() {
    HourAccumulator a = new HourAccumulator();
    // the job's minutes: 10 in minutes 0..29, 20 in minutes 30..59, none in minutes 40..44
    for (int m = 0; m < 60; m++) {
      if (m < 40 || m >= 45) {
        a.addRealTime(m, m < 30 ? 10 : 20, DataFlag.N, null);
      }
    }
    a.addDeviceMinute(0, 10.5, DataFlag.N); // stands for 0..9: job 10
    a.addDeviceMinute(25, 16.0, DataFlag.N); // stands for 25..34: job (5 × 10 + 5 × 20) / 10 = 15
    a.addDeviceMinute(40, 99.0, DataFlag.N); // 40..44 only (the next value starts at 45): no
    a.addDeviceMinute(45, 22.0, DataFlag.N); // job minutes, left out; 45..54: job 20
    a.addDeviceMinute(55, 50.0, DataFlag.C); // not valid data: left out
    HourStats h = a.close(C);
    assertThat(h.deviceMinuteAvg()).isCloseTo((10.5 + 16.0 + 22.0) / 3, within(1e-12));
    assertThat(h.recomputedMinuteAvg()).isCloseTo((10 + 15 + 20) / 3.0, within(1e-12));

    HourAccumulator none = filled(60, 10);
    none.addDeviceMinute(3, 10, DataFlag.M);
    assertThat(none.close(C).deviceMinuteAvg()).isNull();
    assertThat(none.close(C).recomputedMinuteAvg()).isNull();
    assertThat(filled(60, 10).close(C).deviceMinuteAvg()).isNull();
  }

  @Test
  void anEmptyHourHasNoData() {
    HourStats h = new HourAccumulator().close(C);
    assertThat(h.hasData()).isFalse();
    assertThat(h.value()).isNull();
    assertThat(h.valid()).isFalse();
    assertThat(h.flag()).isNull();
  }
}
