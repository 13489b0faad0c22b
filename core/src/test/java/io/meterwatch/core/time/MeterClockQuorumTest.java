package io.meterwatch.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MeterClockQuorumTest {
  static final long T0 = 1_743_264_000_000L; // 2025-03-30 00:00 +08:00
  static final long MIN = 60_000;

  @Test
  void emptyHasNoTime() {
    assertThat(new MeterClockQuorum(3).time()).isEqualTo(MeterClockQuorum.NONE);
  }

  @Test
  void oneOrTwoMetersFollowTheLatestDataTime() {
    MeterClockQuorum q = new MeterClockQuorum(3);
    q.observe("A", T0);
    assertThat(q.time()).isEqualTo(T0);
    q.observe("B", T0 + 5 * MIN);
    assertThat(q.time()).isEqualTo(T0 + 5 * MIN);
  }

  @Test
  void oneMeterTwoHoursAheadDoesNotMoveTheTimeOfFive() {
    MeterClockQuorum q = new MeterClockQuorum(3);
    for (String m : new String[] {"A", "B", "C", "D", "E"}) {
      q.observe(m, T0 + 10 * MIN);
    }
    q.observe("A", T0 + 130 * MIN); // runaway clock
    assertThat(q.time()).isEqualTo(T0 + 10 * MIN);
    q.observe("B", T0 + 11 * MIN);
    q.observe("C", T0 + 11 * MIN);
    assertThat(q.time()).as("A, B and C have reached 11 min").isEqualTo(T0 + 11 * MIN);
  }

  @Test
  void aSilentMinorityDoesNotHoldTheTimeBack() {
    MeterClockQuorum q = new MeterClockQuorum(3);
    for (String m : new String[] {"A", "B", "C", "D", "E", "F"}) {
      q.observe(m, T0);
    }
    for (String m : new String[] {"D", "E", "F"}) {
      q.observe(m, T0 + 45 * MIN); // A, B and C went silent
    }
    assertThat(q.time()).isEqualTo(T0 + 45 * MIN);
  }

  @Test
  void olderDataDoesNotMoveAMeterBack() {
    MeterClockQuorum q = new MeterClockQuorum(1);
    q.observe("A", T0 + MIN);
    q.observe("A", T0);
    assertThat(q.time()).isEqualTo(T0 + MIN);
  }

  @Test
  void agreeingIsTheQuorumButAtMostHalfTheMeters() {
    assertThat(MeterClockQuorum.agreeing(3, 1)).isEqualTo(1);
    assertThat(MeterClockQuorum.agreeing(3, 2)).isEqualTo(1);
    assertThat(MeterClockQuorum.agreeing(3, 3)).isEqualTo(2);
    assertThat(MeterClockQuorum.agreeing(3, 4)).isEqualTo(2);
    assertThat(MeterClockQuorum.agreeing(3, 5)).isEqualTo(3);
    assertThat(MeterClockQuorum.agreeing(3, 1000)).isEqualTo(3);
    assertThatThrownBy(() -> new MeterClockQuorum(0))
        .hasMessageContaining("quorum must be at least 1");
  }
}
