package io.meterwatch.jobs.rules;

import static io.meterwatch.core.model.ParameterCatalogue.COAL;
import static io.meterwatch.core.model.ParameterCatalogue.COD;
import static io.meterwatch.core.model.ParameterCatalogue.ELECTRICITY;
import static io.meterwatch.core.model.ParameterCatalogue.NOX;
import static io.meterwatch.core.model.ParameterCatalogue.PRODUCT;
import static io.meterwatch.core.model.ParameterCatalogue.SO2;
import static io.meterwatch.core.testing.Fixtures.CAL;
import static io.meterwatch.core.testing.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.cases.Severity;
import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.rules.DailyValue;
import io.meterwatch.core.rules.HourSource;
import io.meterwatch.core.rules.HourlyValue;
import io.meterwatch.core.rules.RuleConfig;
import io.meterwatch.core.rules.ValidityConfig;
import io.meterwatch.jobs.MonitoringJob;
import io.meterwatch.jobs.TestCity;
import io.meterwatch.jobs.source.CompactReading;
import io.meterwatch.jobs.windows.DailyValidityFunction;
import io.meterwatch.jobs.windows.PeriodClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Harness tests of the daily window and the rules E1, E2, L1 and Q1 with explicit watermarks. */
class RuleFunctionsTest {
  private static final Duration LATENESS = Duration.ofHours(1);
  private static final PeriodClock CLOCK = new PeriodClock(CAL, LATENESS);
  private static final EmissionJudge JUDGE =
      new EmissionJudge(TestCity.REGISTRY, CAL, RuleConfig.DEFAULTS);

  private static Instant at(int y, int mo, int d, int h, int mi) {
    return CAL.instant(LocalDateTime.of(y, mo, d, h, mi));
  }

  private static long ms(int y, int mo, int d, int h, int mi) {
    return at(y, mo, d, h, mi).toEpochMilli();
  }

  private static HourlyValue hour(
      String mn,
      String outlet,
      String parameter,
      Instant start,
      double value,
      boolean valid,
      Double converted,
      Double loadKg) {
    return new HourlyValue(
        mn,
        parameter,
        start,
        outlet,
        TestCity.ENTERPRISE,
        TestCity.COUNTY,
        value,
        value,
        value,
        valid ? 60 : 44,
        60,
        valid,
        DataFlag.N,
        HourSource.REAL_TIME,
        converted,
        converted == null ? null : 10.0,
        loadKg,
        null,
        null,
        null,
        null,
        0);
  }

  @Test
  void hourlyExceedanceUsesTheLimitInForceAtThatHour() throws Exception {
    OneInputStreamOperatorTestHarness<HourlyValue, RuleEvent> h =
        ProcessFunctionTestHarnesses.forProcessFunction(new HourlyExceedanceRule(JUDGE));
    h.processElement(
        hour(
            TestCity.KILN,
            TestCity.KILN_OUTLET,
            NOX,
            at(2025, 6, 30, 23, 0),
            280,
            true,
            300.0,
            null),
        0);
    h.processElement(
        hour(
            TestCity.KILN, TestCity.KILN_OUTLET, NOX, at(2025, 7, 1, 0, 0), 280, true, 300.0, null),
        0);
    // not judged: an invalid hour, an hour without a converted value, a wastewater value
    h.processElement(
        hour(
            TestCity.KILN,
            TestCity.KILN_OUTLET,
            NOX,
            at(2025, 7, 1, 1, 0),
            900,
            false,
            900.0,
            null),
        0);
    h.processElement(
        hour(TestCity.KILN, TestCity.KILN_OUTLET, NOX, at(2025, 7, 1, 2, 0), 900, true, null, null),
        0);
    h.processElement(
        hour(
            TestCity.WATER,
            TestCity.WATER_OUTLET,
            COD,
            at(2025, 7, 1, 2, 0),
            900,
            true,
            null,
            null),
        0);
    List<RuleEvent> out = h.extractOutputValues();
    assertThat(out).hasSize(2);
    assertThat(out.get(0).breach()).isFalse();
    assertThat(out.get(0).evidence().limit()).isEqualTo(320.0);
    assertThat(out.get(0).evidence().multiple()).isEqualTo(-0.0625);
    assertThat(out.get(0).severity()).isEqualTo(Severity.INFO);
    assertThat(out.get(1).breach()).isTrue();
    assertThat(out.get(1).evidence().limit()).isEqualTo(260.0);
    assertThat(out.get(1).evidence().multiple()).isCloseTo(40.0 / 260, within(1e-12));
    assertThat(out.get(1).evidence().standard()).isEqualTo("GB4915-2013 permit");
    assertThat(out.get(1).evidence().validCount()).isEqualTo(60);
    assertThat(out.get(1).evidence().windowEnd()).isEqualTo(at(2025, 7, 1, 1, 0));
    assertThat(out.get(1).key().asString())
        .isEqualTo(TestCity.ENTERPRISE + "|kiln-DA001|E1|" + NOX);
    assertThat(out.get(1).severity()).isEqualTo(Severity.MAJOR);
    h.close();
  }

  @Test
  void dailyWindowAroundLocalMidnightAndTwentyValidHours() throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, HourlyValue, DailyValue> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(
                new DailyValidityFunction(TestCity.REGISTRY, ValidityConfig.DEFAULTS, CLOCK)),
            HourlyValue::mn,
            Types.STRING);
    h.open();
    // 2025-03-10: 19 valid hours 00:00..18:00 at 120 plus the 23:00 hour at 150 (the 20th);
    // 2025-03-11 00:00 belongs to the next day
    for (int hr = 0; hr < 19; hr++) {
      h.processElement(
          new StreamRecord<>(
              hour(
                  TestCity.WATER,
                  TestCity.WATER_OUTLET,
                  COD,
                  at(2025, 3, 10, hr, 0),
                  120,
                  true,
                  null,
                  null)));
    }
    h.processElement(
        new StreamRecord<>(
            hour(
                TestCity.WATER,
                TestCity.WATER_OUTLET,
                COD,
                at(2025, 3, 10, 23, 0),
                150,
                true,
                null,
                null)));
    h.processElement(
        new StreamRecord<>(
            hour(
                TestCity.WATER,
                TestCity.WATER_OUTLET,
                COD,
                at(2025, 3, 11, 0, 0),
                999,
                true,
                null,
                null)));
    h.processWatermark(ms(2025, 3, 11, 0, 0) - 2);
    assertThat(h.extractOutputValues()).isEmpty();
    h.processWatermark(ms(2025, 3, 11, 0, 0) - 1);
    List<DailyValue> days = h.extractOutputValues();
    assertThat(days).hasSize(1);
    DailyValue d = days.get(0);
    assertThat(d.dayStart()).isEqualTo(at(2025, 3, 10, 0, 0));
    assertThat(d.validHours()).isEqualTo(20);
    assertThat(d.valid()).isTrue();
    assertThat(d.value()).isEqualTo((19 * 120 + 150) / 20.0);
    assertThat(d.outlet()).isEqualTo(TestCity.WATER_OUTLET);

    OneInputStreamOperatorTestHarness<DailyValue, RuleEvent> e2 =
        ProcessFunctionTestHarnesses.forProcessFunction(new DailyExceedanceRule(JUDGE, CLOCK));
    e2.processElement(d, 0);
    DailyValue nineteen =
        new DailyValue(
            d.mn(),
            COD,
            d.dayStart(),
            d.outlet(),
            d.enterprise(),
            d.county(),
            500.0,
            19,
            19,
            false,
            DataFlag.N,
            0);
    e2.processElement(nineteen, 0);
    List<RuleEvent> events = e2.extractOutputValues();
    assertThat(events).hasSize(1);
    assertThat(events.get(0).breach()).isTrue();
    assertThat(events.get(0).evidence().value()).isEqualTo(121.5);
    assertThat(events.get(0).evidence().limit()).isEqualTo(100.0);
    assertThat(events.get(0).evidence().validCount()).isEqualTo(20);
    assertThat(events.get(0).evidence().windowEnd()).isEqualTo(at(2025, 3, 11, 0, 0));
    assertThat(events.get(0).key().rule()).isEqualTo("E2");
    e2.close();

    // a back-filled hour of the closed day within the lateness re-emits it as revision 1
    h.getOutput().clear();
    h.processElement(
        new StreamRecord<>(
            hour(
                TestCity.WATER,
                TestCity.WATER_OUTLET,
                COD,
                at(2025, 3, 10, 20, 0),
                130,
                true,
                null,
                null)));
    h.processWatermark(ms(2025, 3, 11, 0, 30));
    assertThat(h.extractOutputValues())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.revision()).isEqualTo(1);
              assertThat(r.validHours()).isEqualTo(21);
            });
    // both days cleaned up after their lateness: no state, no timers
    h.processWatermark(ms(2025, 3, 12, 1, 0));
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
    h.close();
  }

  @Test
  void annualLoadAcrossTheYearEnd() throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, HourlyValue, RuleEvent> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(
                new AnnualLoadRule(TestCity.REGISTRY, RuleConfig.DEFAULTS, CLOCK)),
            AnnualLoadRule::key,
            Types.STRING);
    h.open();
    // SO2 quota 40 kg: 5 + 30 kg on 31 December = 87.5 %; 10 kg on 1 January starts a new year
    h.processElement(
        new StreamRecord<>(
            hour(
                TestCity.KILN,
                TestCity.KILN_OUTLET,
                SO2,
                at(2025, 12, 31, 22, 0),
                1,
                true,
                1.0,
                5.0)));
    h.processElement(
        new StreamRecord<>(
            hour(
                TestCity.KILN,
                TestCity.KILN_OUTLET,
                SO2,
                at(2025, 12, 31, 23, 0),
                1,
                true,
                1.0,
                30.0)));
    h.processElement(
        new StreamRecord<>(
            hour(
                TestCity.KILN,
                TestCity.KILN_OUTLET,
                SO2,
                at(2026, 1, 1, 0, 0),
                1,
                true,
                1.0,
                10.0)));
    h.processWatermark(ms(2026, 1, 1, 0, 0) - 1);
    List<RuleEvent> dec31 = h.extractOutputValues();
    assertThat(dec31).hasSize(1);
    RuleEvent e = dec31.get(0);
    assertThat(e.key().asString())
        .isEqualTo(TestCity.ENTERPRISE + "|" + TestCity.ENTERPRISE + "|L1|" + SO2);
    assertThat(e.breach()).isTrue();
    assertThat(e.severity()).isEqualTo(Severity.WARNING);
    assertThat(e.evidence().value()).isEqualTo(35.0);
    assertThat(e.evidence().limit()).isEqualTo(40.0);
    assertThat(e.evidence().detail())
        .isEqualTo(
            "87.5 % of the 2025 annual quota; projected exhaustion 2026-01-01 at 35.000 kg/day"
                + " (last 1 days)");
    h.getOutput().clear();

    h.processWatermark(ms(2026, 1, 2, 0, 0) - 1);
    List<RuleEvent> jan1 = h.extractOutputValues();
    assertThat(jan1).hasSize(1);
    assertThat(jan1.get(0).breach()).isFalse();
    assertThat(jan1.get(0).severity()).isEqualTo(Severity.INFO);
    assertThat(jan1.get(0).evidence().value()).isEqualTo(10.0);
    // 45 kg over the 2 days seen: 22.5 kg/day, 30 kg left -> 2 days after 1 January
    assertThat(jan1.get(0).evidence().detail())
        .isEqualTo(
            "25.0 % of the 2026 annual quota; projected exhaustion 2026-01-03 at 22.500 kg/day"
                + " (last 2 days)");

    // after the lateness: no open days or hourly loads; what is kept is the map of daily totals
    // (for the projection and the year to date) and the first day seen, with one cleanup timer
    // per day with data
    h.processWatermark(ms(2026, 1, 2, 1, 0));
    assertThat(h.numEventTimeTimers()).isEqualTo(2);
    assertThat(h.numKeyedStateEntries()).isEqualTo(2);
    // 31 December's totals count for 30 days (to 30 January), 1 January's for the whole of 2026
    h.processWatermark(ms(2026, 1, 30, 1, 0) - 1);
    assertThat(h.numEventTimeTimers()).isEqualTo(1);
    assertThat(h.numKeyedStateEntries()).isEqualTo(2);
    h.processWatermark(ms(2027, 1, 1, 1, 0) - 2);
    assertThat(h.numKeyedStateEntries()).isEqualTo(2);
    h.processWatermark(ms(2027, 1, 1, 1, 0) - 1);
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
    h.close();
  }

  private static StreamRecord<CompactReading> counter(String mn, String code, Instant t, double v) {
    Reading r = reading(mn, t).cou(code, v).build();
    return new StreamRecord<>(CompactReading.of(r), t.toEpochMilli());
  }

  @Test
  void energyQuotaPerLocalMonthFromCumulativeCounters() throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, CompactReading, RuleEvent> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(
                new MonthlyEnergyQuotaRule(TestCity.REGISTRY, RuleConfig.DEFAULTS, CLOCK)),
            new MonitoringJob.ByEnterprise(TestCity.REGISTRY),
            Types.STRING);
    h.open();
    // March, last readings first: 900 000 kWh, 900 t coal, 10 000 t clinker
    Instant lastOfMarch = at(2025, 3, 31, 23, 30);
    h.processElement(counter(TestCity.POWER, ELECTRICITY, lastOfMarch, 1_900_000));
    h.processElement(counter(TestCity.COAL, COAL, lastOfMarch, 1900));
    h.processElement(counter(TestCity.CLINKER, PRODUCT, lastOfMarch, 60_000));
    h.processElement(counter(TestCity.POWER, ELECTRICITY, at(2025, 3, 1, 0, 0), 1_000_000));
    h.processElement(counter(TestCity.COAL, COAL, at(2025, 3, 1, 0, 0), 1000));
    h.processElement(counter(TestCity.CLINKER, PRODUCT, at(2025, 3, 1, 0, 0), 50_000));
    // April starts before March closes (within the out-of-orderness)
    h.processElement(counter(TestCity.POWER, ELECTRICITY, at(2025, 4, 1, 0, 5), 1_900_500));
    h.processWatermark(ms(2025, 4, 1, 0, 0) - 1);
    List<RuleEvent> march = h.extractOutputValues();
    assertThat(march).hasSize(3);
    // 900 000 * 0.1229 + 900 * 714.3 = 110 610 + 642 870 = 753 480 kgce / 10 000 t
    RuleEvent energy = march.get(0);
    assertThat(energy.key().asString())
        .isEqualTo(TestCity.ENTERPRISE + "|clinker|Q1|GB16780-2021-clinker-energy");
    assertThat(energy.evidence().value()).isCloseTo(75.348, within(1e-9));
    assertThat(energy.breach()).isFalse();
    assertThat(energy.evidence().windowStart()).isEqualTo(at(2025, 3, 1, 0, 0));
    assertThat(energy.evidence().windowEnd()).isEqualTo(at(2025, 4, 1, 0, 0));
    RuleEvent power = march.get(1);
    assertThat(power.key().parameter()).isEqualTo("GB16780-2021-clinker-electricity");
    assertThat(power.evidence().value()).isEqualTo(90.0);
    assertThat(power.evidence().limit()).isEqualTo(61.0);
    assertThat(power.breach()).isTrue();
    assertThat(power.evidence().unit()).isEqualTo("kWh/t");
    assertThat(march.get(2).key().rule()).isEqualTo("Q1N");
    assertThat(march.get(2).breach()).isFalse();
    h.getOutput().clear();

    // April: 500 kWh since the last March value, every meter read to the month's end, no clinker:
    // not judged, reported as Q1N
    Instant lastOfApril = at(2025, 4, 30, 23, 30);
    h.processElement(counter(TestCity.POWER, ELECTRICITY, lastOfApril, 1_900_500));
    h.processElement(counter(TestCity.COAL, COAL, lastOfApril, 1900));
    h.processElement(counter(TestCity.CLINKER, PRODUCT, lastOfApril, 60_000));
    h.processWatermark(ms(2025, 5, 1, 0, 0) - 1);
    List<RuleEvent> april = h.extractOutputValues();
    assertThat(april).hasSize(1);
    assertThat(april.get(0).key().rule()).isEqualTo("Q1N");
    assertThat(april.get(0).breach()).isTrue();
    assertThat(april.get(0).severity()).isEqualTo(Severity.WARNING);
    assertThat(april.get(0).evidence().value()).isCloseTo(500 * 0.1229, within(1e-9));
    assertThat(april.get(0).evidence().detail())
        .isEqualTo(
            "61.450 kgce of energy used and no clinker output recorded: month not judged, verify"
                + " the production meter");
    h.getOutput().clear();

    // May: the coal counter went down (meter replaced): the month is not judged
    h.processElement(counter(TestCity.COAL, COAL, at(2025, 5, 2, 0, 0), 10));
    h.processElement(counter(TestCity.CLINKER, PRODUCT, at(2025, 5, 2, 0, 0), 61_000));
    h.processWatermark(ms(2025, 6, 1, 1, 0));
    assertThat(h.extractOutputValues()).isEmpty();
    // every month cleaned up: no months or spans; only the map of the last counter value per
    // meter (the next month's baselines) is kept, until June has closed without data
    assertThat(h.numEventTimeTimers()).isEqualTo(1);
    assertThat(h.numKeyedStateEntries()).isEqualTo(1);
    h.processWatermark(ms(2025, 7, 1, 1, 0) - 2);
    assertThat(h.numKeyedStateEntries()).isEqualTo(1);
    h.processWatermark(ms(2025, 7, 1, 1, 0) - 1);
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
    h.close();
  }

  private KeyedOneInputStreamOperatorTestHarness<String, CompactReading, RuleEvent> quotaHarness()
      throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, CompactReading, RuleEvent> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(
                new MonthlyEnergyQuotaRule(TestCity.REGISTRY, RuleConfig.DEFAULTS, CLOCK)),
            new MonitoringJob.ByEnterprise(TestCity.REGISTRY),
            Types.STRING);
    h.open();
    return h;
  }

  @Test
  void aCoalMeterSilentFromThe15thLeavesTheEnergyQuotaUnjudgedAndReportsTheGap() throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, CompactReading, RuleEvent> h = quotaHarness();
    Instant first = at(2025, 3, 1, 0, 0);
    Instant last = at(2025, 3, 31, 23, 30);
    h.processElement(counter(TestCity.POWER, ELECTRICITY, first, 1_000_000));
    h.processElement(counter(TestCity.COAL, COAL, first, 1000));
    h.processElement(counter(TestCity.CLINKER, PRODUCT, first, 50_000));
    // the coal meter's last register: 14 of March's 31 days covered (45 %)
    h.processElement(counter(TestCity.COAL, COAL, at(2025, 3, 15, 0, 0), 1400));
    h.processElement(counter(TestCity.POWER, ELECTRICITY, last, 1_900_000));
    h.processElement(counter(TestCity.CLINKER, PRODUCT, last, 60_000));
    h.processWatermark(ms(2025, 4, 1, 0, 0) - 1);
    List<RuleEvent> march = h.extractOutputValues();
    // the electricity quota needs only the power and clinker meters: judged, 90 kWh/t > 61
    assertThat(march)
        .extracting(e -> e.key().rule() + "|" + e.key().parameter() + "|" + e.breach())
        .containsExactly("Q1|GB16780-2021-clinker-electricity|true", "Q1N|-|true");
    RuleEvent gap = march.get(1);
    assertThat(gap.severity()).isEqualTo(Severity.WARNING);
    assertThat(gap.evidence().value()).isCloseTo(100 * 14 / 31.0, within(1e-9));
    assertThat(gap.evidence().limit()).isEqualTo(90.0);
    assertThat(gap.evidence().unit()).isEqualTo("%");
    assertThat(gap.evidence().detail())
        .isEqualTo(
            "e02001 meter "
                + TestCity.COAL
                + " covers 45 % of the month (at least 90 % needed): month not judged, verify the"
                + " meter");
    h.close();
  }

  @Test
  void aMonthTheInputEndedInIsNotJudged() throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, CompactReading, RuleEvent> h = quotaHarness();
    // March read to its last hour, April only until the 10th, when the bounded input ends
    for (Instant t :
        List.of(at(2025, 3, 1, 0, 0), at(2025, 3, 31, 23, 30), at(2025, 4, 10, 12, 0))) {
      long k = t.getEpochSecond() / 3600;
      h.processElement(counter(TestCity.POWER, ELECTRICITY, t, 1_000 * k));
      h.processElement(counter(TestCity.COAL, COAL, t, k));
      h.processElement(counter(TestCity.CLINKER, PRODUCT, t, 100 * k));
    }
    h.processWatermark(Long.MAX_VALUE);
    assertThat(h.extractOutputValues())
        .extracting(e -> e.key().rule() + "|" + e.evidence().windowStart() + "|" + e.breach())
        .containsExactly(
            "Q1|" + at(2025, 3, 1, 0, 0) + "|false",
            "Q1|" + at(2025, 3, 1, 0, 0) + "|false",
            "Q1N|" + at(2025, 3, 1, 0, 0) + "|false");
    h.close();
  }
}
