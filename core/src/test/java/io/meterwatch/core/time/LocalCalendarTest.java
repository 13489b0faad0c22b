package io.meterwatch.core.time;

import static io.meterwatch.core.testing.Fixtures.BEFORE_MIDNIGHT;
import static io.meterwatch.core.testing.Fixtures.CAL;
import static io.meterwatch.core.testing.Fixtures.LAST_HOUR_OF_MONTH;
import static io.meterwatch.core.testing.Fixtures.LAST_HOUR_OF_YEAR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * Local periods in Asia/Shanghai (UTC+8): local midnight, month end and year end fall at 16:00 UTC
 * of the previous UTC day, so a UTC calendar would put the boundary eight hours late.
 */
class LocalCalendarTest {

  private static Instant utc(String iso) {
    return Instant.parse(iso);
  }

  @Test
  void localMidnightIsSixteenHundredUtc() {
    assertThat(BEFORE_MIDNIGHT).isEqualTo(utc("2025-03-10T15:59:30Z"));
    assertThat(CAL.dayStart(BEFORE_MIDNIGHT)).isEqualTo(utc("2025-03-09T16:00:00Z"));
    assertThat(CAL.nextDayStart(BEFORE_MIDNIGHT)).isEqualTo(utc("2025-03-10T16:00:00Z"));
    assertThat(CAL.hourStart(BEFORE_MIDNIGHT)).isEqualTo(utc("2025-03-10T15:00:00Z"));
    assertThat(CAL.minuteStart(BEFORE_MIDNIGHT)).isEqualTo(utc("2025-03-10T15:59:00Z"));
    // thirty seconds later it is the next local day, while UTC is still on the 10th
    Instant afterMidnight = BEFORE_MIDNIGHT.plusSeconds(30);
    assertThat(CAL.dayStart(afterMidnight)).isEqualTo(afterMidnight);
    assertThat(CAL.local(afterMidnight).toLocalDate()).hasToString("2025-03-11");
    assertThat(CAL.formatDataTime(afterMidnight)).isEqualTo("20250311000000");
    assertThat(CAL.isoLocal(afterMidnight)).isEqualTo("2025-03-11T00:00:00+08:00");
  }

  @Test
  void monthEnd() {
    assertThat(LAST_HOUR_OF_MONTH).isEqualTo(utc("2025-03-31T15:00:00Z"));
    assertThat(CAL.monthStart(LAST_HOUR_OF_MONTH)).isEqualTo(utc("2025-02-28T16:00:00Z"));
    assertThat(CAL.nextMonthStart(LAST_HOUR_OF_MONTH)).isEqualTo(utc("2025-03-31T16:00:00Z"));
    // 2025-03-31T16:30Z is still March in UTC but already April locally
    Instant aprilLocal = utc("2025-03-31T16:30:00Z");
    assertThat(CAL.monthStart(aprilLocal)).isEqualTo(utc("2025-03-31T16:00:00Z"));
    assertThat(CAL.nextMonthStart(aprilLocal)).isEqualTo(utc("2025-04-30T16:00:00Z"));
    // February of a leap year has 29 local days
    Instant leap = CAL.parseDataTime("20240229233000");
    assertThat(Duration.between(CAL.monthStart(leap), CAL.nextMonthStart(leap)))
        .isEqualTo(Duration.ofDays(29));
  }

  @Test
  void yearEnd() {
    assertThat(LAST_HOUR_OF_YEAR).isEqualTo(utc("2025-12-31T15:00:00Z"));
    assertThat(CAL.yearStart(LAST_HOUR_OF_YEAR)).isEqualTo(utc("2024-12-31T16:00:00Z"));
    assertThat(CAL.nextYearStart(LAST_HOUR_OF_YEAR)).isEqualTo(utc("2025-12-31T16:00:00Z"));
    Instant newYear = utc("2025-12-31T16:00:00Z");
    assertThat(CAL.yearStart(newYear)).isEqualTo(newYear);
    assertThat(CAL.formatDataTime(newYear)).isEqualTo("20260101000000");
    assertThat(CAL.parseDataTime("20251231235959")).isEqualTo(utc("2025-12-31T15:59:59Z"));
    assertThat(CAL.formatQn(newYear.minusMillis(1))).isEqualTo("20251231235959999");
  }

  @Test
  void dataTimeIsReadInTheConfiguredZone() {
    LocalCalendar utcCalendar = new LocalCalendar(ZoneId.of("UTC"));
    assertThat(utcCalendar.parseDataTime("20250310080000")).isEqualTo(utc("2025-03-10T08:00:00Z"));
    assertThat(CAL.parseDataTime("20250310080000")).isEqualTo(utc("2025-03-10T00:00:00Z"));
    assertThat(CAL.parseDataTime("20250310080000250")).isEqualTo(utc("2025-03-10T00:00:00.250Z"));
    assertThatThrownBy(() -> CAL.parseDataTime("20250230080000"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void daysAreLocalDaysAlsoAcrossDaylightSaving() {
    LocalCalendar newYork = new LocalCalendar(ZoneId.of("America/New_York"));
    Instant springForward = utc("2025-03-09T12:00:00Z");
    assertThat(
            Duration.between(newYork.dayStart(springForward), newYork.nextDayStart(springForward)))
        .isEqualTo(Duration.ofHours(23));
    assertThat(newYork.isoLocal(newYork.dayStart(springForward)))
        .isEqualTo("2025-03-09T00:00:00-05:00");
    assertThat(newYork.isoLocal(newYork.nextDayStart(springForward)))
        .isEqualTo("2025-03-10T00:00:00-04:00");
  }

  @Test
  void isoLocalPrintsSecondsAlwaysAndMillisWhenPresent() {
    Instant t = utc("2021-07-22T05:00:00Z");
    assertThat(CAL.isoLocal(t)).isEqualTo("2021-07-22T13:00:00+08:00");
    assertThat(CAL.isoLocal(t.plusMillis(412))).isEqualTo("2021-07-22T13:00:00.412+08:00");
    assertThat(CAL.isoLocal(t.plusNanos(1))).isEqualTo("2021-07-22T13:00:00.000000001+08:00");
    assertThat(new LocalCalendar(ZoneId.of("UTC")).isoLocal(t)).isEqualTo("2021-07-22T05:00:00Z");
  }

  @Test
  void survivesJavaSerialization() throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(CAL);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      LocalCalendar copy = (LocalCalendar) in.readObject();
      assertThat(copy).isEqualTo(CAL);
      assertThat(copy.dayStart(BEFORE_MIDNIGHT)).isEqualTo(CAL.dayStart(BEFORE_MIDNIGHT));
    }
  }
}
