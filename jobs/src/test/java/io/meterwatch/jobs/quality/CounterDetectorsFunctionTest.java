package io.meterwatch.jobs.quality;

import static io.meterwatch.core.model.ParameterCatalogue.COAL;
import static io.meterwatch.core.model.ParameterCatalogue.ELECTRICITY;
import static io.meterwatch.core.model.ParameterCatalogue.PRODUCT;
import static io.meterwatch.core.testing.Fixtures.CAL;
import static io.meterwatch.core.testing.Fixtures.T0;
import static io.meterwatch.core.testing.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.quality.DetectorConfig;
import io.meterwatch.jobs.TestCity;
import io.meterwatch.jobs.source.CompactReading;
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

/** D10 energy/production balance per day and D2 monthly capture of counter meters. */
class CounterDetectorsFunctionTest {
  private static final long HOUR = 3_600_000L;
  private static final long DAY = CAL.dayStart(T0).toEpochMilli(); // 2025-03-10 00:00 local

  private KeyedOneInputStreamOperatorTestHarness<String, CompactReading, RuleEvent> h;

  @BeforeEach
  void open() throws Exception {
    h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(
                new CounterDetectorsFunction(
                    TestCity.REGISTRY,
                    DetectorConfig.DEFAULTS,
                    new PeriodClock(CAL, Duration.ofHours(1)))),
            r -> TestCity.ENTERPRISE,
            Types.STRING);
    h.open();
  }

  @AfterEach
  void close() throws Exception {
    h.close();
  }

  private void send(Reading r) throws Exception {
    h.processElement(new StreamRecord<>(CompactReading.of(r), r.dataTime().toEpochMilli()));
  }

  private void counter(String mn, String code, long t, double value) throws Exception {
    send(reading(mn, Instant.ofEpochMilli(t)).cou(code, value).build());
  }

  private List<RuleEvent> events(String rule) {
    return h.extractOutputValues().stream().filter(e -> e.key().rule().equals(rule)).toList();
  }

  @Test
  void d10EnergyWithoutProductionAtThirtyPercentOfTheReferenceAndProductionWithoutEnergy()
      throws Exception {
    // day 1: 1000 kWh = 122.9 kgce with 10 t of clinker: the reference day
    counter(TestCity.POWER, ELECTRICITY, DAY, 0);
    counter(TestCity.CLINKER, PRODUCT, DAY, 0);
    counter(TestCity.POWER, ELECTRICITY, DAY + 23 * HOUR, 1000);
    counter(TestCity.CLINKER, PRODUCT, DAY + 23 * HOUR, 10);
    h.processWatermark(DAY + 24 * HOUR - 1);
    // day 2: 310 kWh = 38.099 kgce >= 0.3 x 122.9 = 36.87, no clinker
    counter(TestCity.POWER, ELECTRICITY, DAY + 47 * HOUR, 1310);
    counter(TestCity.CLINKER, PRODUCT, DAY + 47 * HOUR, 10);
    h.processWatermark(DAY + 48 * HOUR - 1);
    // day 3: 290 kWh = 35.641 kgce, standby
    counter(TestCity.POWER, ELECTRICITY, DAY + 71 * HOUR, 1600);
    counter(TestCity.CLINKER, PRODUCT, DAY + 71 * HOUR, 10);
    h.processWatermark(DAY + 72 * HOUR - 1);
    // day 4: 5 t of clinker, the power counter does not move
    counter(TestCity.POWER, ELECTRICITY, DAY + 95 * HOUR, 1600);
    counter(TestCity.CLINKER, PRODUCT, DAY + 95 * HOUR, 15);
    h.processWatermark(DAY + 96 * HOUR - 1);

    List<RuleEvent> d10 = events("D10");
    assertThat(d10).extracting(RuleEvent::breach).containsExactly(false, true, false, true);
    assertThat(d10.get(0).key().asString())
        .isEqualTo(TestCity.ENTERPRISE + "|" + TestCity.ENTERPRISE + "|D10|-");
    assertThat(d10.get(1).evidence().value())
        .isCloseTo(38.099, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(d10.get(1).evidence().limit())
        .isCloseTo(36.87, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(d10.get(1).evidence().detail()).startsWith("energy without production");
    assertThat(d10.get(3).evidence().value()).isEqualTo(5.0);
    assertThat(d10.get(3).evidence().detail()).startsWith("production without energy");
    // only the month timer and the state's cleanup timer are left
    assertThat(h.numEventTimeTimers()).isEqualTo(2);
    long monthEnd = CAL.nextMonthStart(T0).toEpochMilli();
    h.processWatermark(monthEnd - 1);
    // the month was judged before the state went: power, clinker and the silent coal meter
    assertThat(events("D2")).hasSize(3);
    h.processWatermark(monthEnd + 7 * 24 * HOUR - 1);
    assertThat(h.numKeyedStateEntries()).isEqualTo(3); // last counters, first hours, balance
    h.processWatermark(monthEnd + 7 * 24 * HOUR);
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
  }

  @Test
  void d2MonthlyCaptureAtNinetyPercentOfTheHoursTheJobCouldSee() throws Exception {
    // first seen 2025-03-10 08:00: 520 hours to 1 April; 90 % = 468
    long first = T0.toEpochMilli();
    for (int i = 0; i < 468; i++) {
      counter(TestCity.POWER, ELECTRICITY, first + i * HOUR, 100.0 * i);
      if (i < 467) {
        counter(TestCity.COAL, COAL, first + i * HOUR, 1.0 * i);
      }
    }
    long monthEnd = CAL.nextMonthStart(T0).toEpochMilli();
    h.processWatermark(monthEnd - 2);
    assertThat(events("D2")).isEmpty();
    h.processWatermark(monthEnd - 1);
    List<RuleEvent> d2 = events("D2");
    assertThat(d2).hasSize(3);
    RuleEvent power =
        d2.stream().filter(e -> e.key().subject().equals(TestCity.POWER)).findFirst().orElseThrow();
    RuleEvent coal =
        d2.stream().filter(e -> e.key().subject().equals(TestCity.COAL)).findFirst().orElseThrow();
    assertThat(power.breach()).isFalse();
    assertThat(power.parameter()).isEqualTo(ELECTRICITY);
    assertThat(power.evidence().value())
        .isCloseTo(90.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(coal.breach()).isTrue();
    assertThat(coal.evidence().validCount()).isEqualTo(467);
    // the clinker scale sent nothing all month: capture 0 of the 520 hours its enterprise was seen
    RuleEvent clinker =
        d2.stream()
            .filter(e -> e.key().subject().equals(TestCity.CLINKER))
            .findFirst()
            .orElseThrow();
    assertThat(clinker.breach()).isTrue();
    assertThat(clinker.parameter()).isEqualTo(PRODUCT);
    assertThat(clinker.evidence().value()).isEqualTo(0.0);
    assertThat(clinker.evidence().limit()).isEqualTo(90.0);
    assertThat(clinker.evidence().detail())
        .isEqualTo(TestCity.CLINKER + ": no data in the 520 hours of the local month");
    assertThat(h.numEventTimeTimers()).as("the state's cleanup").isEqualTo(1);
  }

  @Test
  void nothingIsJudgedForPeriodsTheInputEndedIn() throws Exception {
    counter(TestCity.POWER, ELECTRICITY, DAY, 0);
    counter(TestCity.POWER, ELECTRICITY, DAY + 10 * HOUR, 100);
    h.processWatermark(Long.MAX_VALUE);
    assertThat(h.extractOutputValues()).isEmpty();
    assertThat(h.numEventTimeTimers()).isZero();
    assertThat(h.numKeyedStateEntries()).isZero();
  }
}
