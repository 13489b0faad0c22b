package io.meterwatch.core.hj212;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.Parameter;
import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.model.ReadingKind;
import io.meterwatch.core.model.Sample;
import io.meterwatch.core.model.SourceFormat;
import io.meterwatch.core.testing.Fixtures;
import io.meterwatch.core.time.LocalCalendar;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property-style, seeded: random readings survive {@code encodeReading} then {@code decode}
 * unchanged (values, flags, times, codes), in several zones; and DataTime is read in the configured
 * zone at local midnight, month end and year end.
 */
class Hj212RoundTripTest {

  private static final List<String> CODES =
      ParameterCatalogue.all().stream().map(Parameter::code).toList();
  private static final List<String> AGGREGATE_SUFFIXES =
      List.of("Min", "Avg", "Max", "Cou", "ZsMin", "ZsAvg", "ZsMax");

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1L, 2L, 3L, 20250310L, 0xC0FFEEL})
  void randomReadingsSurviveEncodeDecode(long seed) throws Exception {
    Random rnd = new Random(seed);
    for (String zone : List.of("Asia/Shanghai", "UTC", "America/Los_Angeles", "Asia/Kathmandu")) {
      Hj212Codec codec = new Hj212Codec(new LocalCalendar(ZoneId.of(zone)));
      for (int i = 0; i < 150; i++) {
        Reading original = randomReading(rnd, codec.calendar());
        String frame = codec.encodeReading(original, "pw" + rnd.nextInt(1000), 4 + rnd.nextInt(2));
        Reading decoded = codec.decode(frame, original.receiveTime());
        assertThat(decoded).as("seed %d zone %s #%d: %s", seed, zone, i, frame).isEqualTo(original);
      }
    }
  }

  private static Reading randomReading(Random rnd, LocalCalendar cal) {
    ReadingKind kind = ReadingKind.values()[rnd.nextInt(ReadingKind.values().length)];
    // Any second from 2000 to 2040, away from DST gaps and overlaps where a local time is not
    // one instant (those cannot round-trip through a zone-less DataTime by design).
    Instant dataTime;
    do {
      dataTime = Instant.ofEpochSecond(946_684_800L + (long) (rnd.nextDouble() * 1_262_304_000L));
    } while (!cal.instant(cal.local(dataTime)).equals(dataTime)
        || cal.zone().getRules().getValidOffsets(cal.local(dataTime)).size() != 1);
    Instant received = dataTime.plusMillis(rnd.nextInt(3_600_000));
    Map<String, Sample> samples = new LinkedHashMap<>();
    int n = rnd.nextInt(12);
    for (int j = 0; j < n; j++) {
      String code = rnd.nextInt(8) == 0 ? "x" + (100 + rnd.nextInt(900)) : pick(rnd, CODES);
      if (samples.containsKey(code)) {
        continue;
      }
      String sent = code;
      var p = ParameterCatalogue.byCode(code);
      if (p.isPresent() && p.get().code2005() != null && rnd.nextBoolean()) {
        sent = p.get().code2005();
      }
      Map<String, Double> values = new LinkedHashMap<>();
      if (kind == ReadingKind.REAL_TIME) {
        values.put("Rtd", randomValue(rnd));
        if (rnd.nextBoolean()) {
          values.put("ZsRtd", randomValue(rnd));
        }
      } else {
        List<String> suffixes = new ArrayList<>(AGGREGATE_SUFFIXES);
        java.util.Collections.shuffle(suffixes, rnd);
        for (String s : suffixes.subList(0, 1 + rnd.nextInt(suffixes.size()))) {
          values.put(s, randomValue(rnd));
        }
      }
      DataFlag flag =
          rnd.nextInt(5) == 0 ? null : DataFlag.values()[rnd.nextInt(DataFlag.values().length)];
      String eFlag = rnd.nextInt(6) == 0 ? "E" + rnd.nextInt(10) : null;
      Instant sampleTime =
          kind == ReadingKind.REAL_TIME && rnd.nextInt(4) == 0
              ? dataTime.minusSeconds(rnd.nextInt(7200))
              : null;
      if (sampleTime != null && !cal.instant(cal.local(sampleTime)).equals(sampleTime)) {
        sampleTime = null;
      }
      samples.put(code, new Sample(code, sent, values, flag, eFlag, sampleTime));
    }
    String qn = rnd.nextBoolean() ? cal.formatQn(received) : null;
    String st = rnd.nextBoolean() ? (rnd.nextBoolean() ? "31" : "32") : null;
    String mn = "MN" + Long.toString(rnd.nextLong() & Long.MAX_VALUE, 36).toUpperCase();
    Reading r = new Reading(mn, dataTime, kind, samples, qn, st, received, SourceFormat.HJ212);
    // What the decoder fills in when the reading had none: the QN from the receive time and the
    // ST from the parameters.
    Hj212Packet p = new Hj212Codec(cal).toPacket(r, "x", 4);
    return new Reading(mn, dataTime, kind, samples, p.qn(), p.st(), received, SourceFormat.HJ212);
  }

  private static double randomValue(Random rnd) {
    return switch (rnd.nextInt(6)) {
      case 0 -> 0.0;
      case 1 -> rnd.nextInt(100_000); // integers as counters send them
      case 2 -> Math.round(rnd.nextDouble() * 1e6) / 1e4; // four decimals, typical analyser
      case 3 -> -rnd.nextDouble() * 500; // negative pressures
      case 4 -> rnd.nextDouble() * 1e-7; // tiny values, written without exponent
      default -> rnd.nextDouble() * Math.pow(10, rnd.nextInt(13)); // up to 10^12 (energy counters)
    };
  }

  private static <T> T pick(Random rnd, List<T> list) {
    return list.get(rnd.nextInt(list.size()));
  }

  @Test
  void tinyAndHugeValuesAreWrittenWithoutExponent() {
    assertThat(Hj212Codec.formatNumber(1.0E-8)).isEqualTo("0.00000001");
    assertThat(Hj212Codec.formatNumber(1.5E12)).isEqualTo("1500000000000");
    assertThat(Hj212Codec.formatNumber(41.2)).isEqualTo("41.2");
    assertThat(Hj212Codec.formatNumber(-123.0723)).isEqualTo("-123.0723");
    assertThat(Hj212Codec.formatNumber(12.0)).isEqualTo("12");
    assertThat(Hj212Codec.formatNumber(0.0)).isEqualTo("0");
  }

  // ---------------------------------------------------------------- zones

  private static String hourlyAt(String dataTime) {
    return Hj212Codec.frame(
        "QN=20250101000000000;ST=31;CN=2061;PW=1;MN=M1;Flag=4;CP=&&DataTime="
            + dataTime
            + ";a21026-Avg=1&&");
  }

  @Test
  void localMidnightIsTheStartOfTheLocalDay() throws Exception {
    Hj212Codec shanghai = new Hj212Codec();
    Reading r = shanghai.decode(hourlyAt("20250311000000"), Fixtures.T0);
    assertThat(r.dataTime()).isEqualTo(Instant.parse("2025-03-10T16:00:00Z"));
    assertThat(Fixtures.CAL.dayStart(r.dataTime())).isEqualTo(r.dataTime());
    // The hour before local midnight belongs to the previous local day, though it is the same UTC
    // day.
    Reading before = shanghai.decode(hourlyAt("20250310230000"), Fixtures.T0);
    assertThat(before.dataTime()).isEqualTo(Instant.parse("2025-03-10T15:00:00Z"));
    assertThat(Fixtures.CAL.nextDayStart(before.dataTime())).isEqualTo(r.dataTime());
    // The same text in another zone is another instant.
    Hj212Codec utc = new Hj212Codec(new LocalCalendar(ZoneId.of("UTC")));
    assertThat(utc.decode(hourlyAt("20250311000000"), Fixtures.T0).dataTime())
        .isEqualTo(Instant.parse("2025-03-11T00:00:00Z"));
  }

  @Test
  void monthAndYearEnds() throws Exception {
    Hj212Codec codec = new Hj212Codec();
    Reading lastHourOfMonth = codec.decode(hourlyAt("20250331230000"), Fixtures.T0);
    assertThat(lastHourOfMonth.dataTime()).isEqualTo(Fixtures.LAST_HOUR_OF_MONTH);
    assertThat(Fixtures.CAL.monthStart(lastHourOfMonth.dataTime()))
        .isEqualTo(Instant.parse("2025-02-28T16:00:00Z"));
    Reading lastHourOfYear = codec.decode(hourlyAt("20251231230000"), Fixtures.T0);
    assertThat(lastHourOfYear.dataTime()).isEqualTo(Fixtures.LAST_HOUR_OF_YEAR);
    assertThat(lastHourOfYear.dataTime()).isEqualTo(Instant.parse("2025-12-31T15:00:00Z"));
    Reading newYear = codec.decode(hourlyAt("20260101000000"), Fixtures.T0);
    assertThat(newYear.dataTime()).isEqualTo(Instant.parse("2025-12-31T16:00:00Z"));
    assertThat(Fixtures.CAL.yearStart(newYear.dataTime())).isEqualTo(newYear.dataTime());
    // Leap day exists in 2024, not in 2025.
    assertThat(codec.decode(hourlyAt("20240229230000"), Fixtures.T0).dataTime())
        .isEqualTo(Instant.parse("2024-02-29T15:00:00Z"));
  }

  @Test
  void encodingWritesTheLocalTimeOfTheConfiguredZone() throws Exception {
    // 30 s before local midnight in Shanghai is 15:59:30 UTC of the same date.
    Reading r = Fixtures.reading("M1", Fixtures.BEFORE_MIDNIGHT).rtd("a21026", 41.2).build();
    Hj212Codec shanghai = new Hj212Codec();
    assertThat(shanghai.toPacket(r, "1", 4).dataTime()).isEqualTo("20250310235930");
    Hj212Codec utc = new Hj212Codec(new LocalCalendar(ZoneId.of("UTC")));
    assertThat(utc.toPacket(r, "1", 4).dataTime()).isEqualTo("20250310155930");
    // A year-end instant written in Shanghai and read back in Shanghai is unchanged.
    Instant yearEnd = Fixtures.CAL.instant(LocalDateTime.of(2025, 12, 31, 23, 59, 59));
    Reading last = Fixtures.reading("M1", yearEnd, ReadingKind.MINUTE).avg("a21026", 3).build();
    Reading back = shanghai.decode(shanghai.encodeReading(last, "1", 4), yearEnd);
    assertThat(back.dataTime()).isEqualTo(yearEnd);
    assertThat(shanghai.toPacket(last, "1", 4).dataTime()).isEqualTo("20251231235959");
  }

  @Test
  void qnIsTheReceiveTimeInMillisecondsWhenTheReadingHasNone() {
    Instant received = Fixtures.T0.plus(1234, ChronoUnit.MILLIS);
    Reading r = Fixtures.reading("M1", Fixtures.T0).rtd("a21026", 1).receivedAt(received).build();
    assertThat(new Hj212Codec().toPacket(r, "1", 4).qn()).isEqualTo("20250310080001234");
  }
}
