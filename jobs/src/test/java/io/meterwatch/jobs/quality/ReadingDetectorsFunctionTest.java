package io.meterwatch.jobs.quality;

import static io.meterwatch.core.model.ParameterCatalogue.GAS_FLOW;
import static io.meterwatch.core.model.ParameterCatalogue.NOX;
import static io.meterwatch.core.model.ParameterCatalogue.O2;
import static io.meterwatch.core.model.ParameterCatalogue.SO2;
import static io.meterwatch.core.testing.Fixtures.CAL;
import static io.meterwatch.core.testing.Fixtures.T0;
import static io.meterwatch.core.testing.Fixtures.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.meterwatch.core.cases.Domain;
import io.meterwatch.core.cases.RuleEvent;
import io.meterwatch.core.cases.Severity;
import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.quality.DetectorConfig;
import io.meterwatch.core.quality.DetectorSwitches;
import io.meterwatch.core.testing.Fixtures.ReadingBuilder;
import io.meterwatch.jobs.TestCity;
import io.meterwatch.jobs.source.CompactReading;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** D1, D4, D5, D6, D7 and D9 at their edges, with explicit watermarks and processing time. */
class ReadingDetectorsFunctionTest {
  private static final long MIN = 60_000L;
  private static final long T = T0.toEpochMilli();

  private ReadingDetectorsFunction fn;
  private KeyedProcessOperator<String, CompactReading, RuleEvent> operator;
  private KeyedOneInputStreamOperatorTestHarness<String, CompactReading, RuleEvent> h;

  private void open(DetectorConfig config) throws Exception {
    fn = new ReadingDetectorsFunction(TestCity.REGISTRY, config, CAL);
    operator = new KeyedProcessOperator<>(fn);
    h = new KeyedOneInputStreamOperatorTestHarness<>(operator, r -> r.mn, Types.STRING);
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

  private static Instant at(long ms) {
    return Instant.ofEpochMilli(ms);
  }

  /** A kiln reading with SO2, O2 and flow. */
  private static ReadingBuilder kiln(long t, double so2, double o2, double flow) {
    return reading(TestCity.KILN, at(t)).rtd(SO2, so2).rtd(O2, o2).rtd(GAS_FLOW, flow);
  }

  /** Kiln readings every 30 s in [from, to) with SO2 moving, so only the tested signal is odd. */
  private void kilnRun(long from, long to, double o2, double flow) throws Exception {
    for (long t = from; t < to; t += 30_000) {
      send(kiln(t, 100 + (t / 30_000) % 7, o2, flow).build());
    }
  }

  private List<RuleEvent> events(String rule) {
    return h.extractOutputValues().stream().filter(e -> e.key().rule().equals(rule)).toList();
  }

  private MeterQuality state(String mn) throws Exception {
    operator.setCurrentKey(mn);
    return fn.currentState();
  }

  // ------------------------------------------------------------------------- job-wide switches

  @Test
  void switchedOffDetectorsKeepNoTimersAndEmitNothing() throws Exception {
    // SO2, O2 and flow stuck for 70 min, then silence: D4 and D1 both have something to say
    DetectorConfig d4Only = DetectorConfig.builder().switches(DetectorSwitches.parse("D4")).build();
    open(d4Only);
    for (long t = T; t <= T + 70 * MIN; t += 30_000) {
      send(kiln(t, 100, 13, 100).build());
    }
    assertThat(h.numEventTimeTimers()).as("no D1 timer, only the state's cleanup").isEqualTo(1);
    assertThat(h.numProcessingTimeTimers()).as("no D1 fallback timer").isZero();
    h.processWatermark(T + 200 * MIN);
    assertThat(h.extractOutputValues())
        .extracting(e -> e.key().rule() + "|" + e.parameter() + "|" + e.breach())
        .containsExactlyInAnyOrder("D4|a21026|true", "D4|a19001|true", "D4|a00000|true");
    assertThat(state(TestCity.KILN).eventTimer).isEqualTo(Long.MIN_VALUE);
    h.close();

    open(DetectorConfig.builder().switches(DetectorSwitches.parse("D1,D9")).build());
    for (long t = T; t <= T + 70 * MIN; t += 30_000) {
      send(kiln(t, 100, 13, 100).build());
    }
    h.processWatermark(T + 200 * MIN);
    assertThat(h.extractOutputValues())
        .extracting(e -> e.key().rule() + "|" + e.parameter() + "|" + e.breach())
        .containsExactly("D1|-|true");
  }

  // ------------------------------------------------------------------------------------ D1

  @Test
  void d1FiresWhenTheSilentMeterIsTheOnlySilentOneAndClearsWhenDataReturn() throws Exception {
    open(DetectorConfig.DEFAULTS);
    send(reading(TestCity.WATER, at(T)).rtd("w01018", 40).build());
    kilnRun(T, T + 31 * MIN, 13, 100); // the kiln keeps the watermark moving
    h.processWatermark(T + 30 * MIN - 1);
    assertThat(events("D1")).isEmpty();
    h.processWatermark(T + 30 * MIN);
    List<RuleEvent> d1 = events("D1");
    assertThat(d1).hasSize(1);
    RuleEvent e = d1.get(0);
    assertThat(e.breach()).isTrue();
    assertThat(e.domain()).isEqualTo(Domain.DATA_QUALITY);
    assertThat(e.severity()).isEqualTo(Severity.WARNING);
    assertThat(e.key().asString())
        .isEqualTo(TestCity.ENTERPRISE + "|" + TestCity.WATER_OUTLET + "|D1|-");
    assertThat(e.county()).isEqualTo(TestCity.COUNTY);
    assertThat(e.evidence().windowStart()).isEqualTo(at(T));
    assertThat(e.evidence().windowEnd()).isEqualTo(at(T + 30 * MIN));
    assertThat(e.evidence().value()).isEqualTo(30.0);
    // nothing pending for the silent meter: both its timers are gone
    assertThat(state(TestCity.WATER).eventTimer).isEqualTo(Long.MIN_VALUE);
    assertThat(state(TestCity.WATER).processingTimer).isEqualTo(Long.MIN_VALUE);
    h.processWatermark(T + 90 * MIN);
    // the water meter's breach is raised once; by now the kiln (last data T+30:30) is silent too
    assertThat(events("D1"))
        .extracting(x -> x.key().subject())
        .containsExactly(TestCity.WATER_OUTLET, TestCity.KILN_OUTLET);
    assertThat(events("D1").get(1).evidence().windowStart()).isEqualTo(at(T + 30 * MIN + 30_000));

    h.getOutput().clear();
    send(reading(TestCity.WATER, at(T + 100 * MIN)).rtd("w01018", 40).build());
    RuleEvent clear = events("D1").get(0);
    assertThat(clear.breach()).isFalse();
    assertThat(clear.severity()).isEqualTo(Severity.INFO);
    assertThat(clear.evidence().windowStart()).isEqualTo(at(T));
    assertThat(clear.evidence().windowEnd()).isEqualTo(at(T + 100 * MIN));
    // the confirmation comes after another 30 min of data, not before
    send(reading(TestCity.WATER, at(T + 129 * MIN)).rtd("w01018", 40).build());
    assertThat(events("D1")).hasSize(1);
    send(reading(TestCity.WATER, at(T + 130 * MIN)).rtd("w01018", 40).build());
    assertThat(events("D1")).hasSize(2);
    assertThat(events("D1").get(1).breach()).isFalse();
    send(reading(TestCity.WATER, at(T + 200 * MIN)).rtd("w01018", 40).build());
    assertThat(events("D1")).hasSize(2);
  }

  @Test
  void d1ProcessingTimeFallbackFiresWhenTheWholeFeedStops() throws Exception {
    open(DetectorConfig.DEFAULTS);
    h.setProcessingTime(1_000);
    send(reading(TestCity.WATER, at(T)).rtd("w01018", 40).build());
    h.setProcessingTime(1_000 + 10 * MIN);
    send(reading(TestCity.WATER, at(T + 10 * MIN)).rtd("w01018", 40).build());
    h.processWatermark(T + 10 * MIN); // then the watermark stalls
    h.setProcessingTime(1_000 + 40 * MIN - 1);
    assertThat(events("D1")).isEmpty();
    assertThat(h.numProcessingTimeTimers()).isEqualTo(1); // re-armed, not one per reading
    h.setProcessingTime(1_000 + 40 * MIN);
    List<RuleEvent> d1 = events("D1");
    assertThat(d1).hasSize(1);
    assertThat(d1.get(0).breach()).isTrue();
    assertThat(d1.get(0).evidence().windowStart()).isEqualTo(at(T + 10 * MIN));
    assertThat(d1.get(0).evidence().detail()).contains("processing time");
    assertThat(h.numProcessingTimeTimers()).isZero();
    assertThat(h.numEventTimeTimers()).as("the state's cleanup only").isEqualTo(1);
    h.processWatermark(T + 60 * MIN); // the event-time path does not raise it twice
    assertThat(events("D1")).hasSize(1);
  }

  @Test
  void d1ProcessingTimeCountsFromTheRestoreNotFromBeforeTheOutage() throws Exception {
    open(DetectorConfig.DEFAULTS);
    h.setProcessingTime(1_000);
    send(reading(TestCity.WATER, at(T)).rtd("w01018", 40).build());
    var snapshot = h.snapshot(1, 1);
    h.close();
    // the job was down for an hour; the restored timer is overdue
    open(DetectorConfig.DEFAULTS);
    h.close();
    fn = new ReadingDetectorsFunction(TestCity.REGISTRY, DetectorConfig.DEFAULTS, CAL);
    operator = new KeyedProcessOperator<>(fn);
    h = new KeyedOneInputStreamOperatorTestHarness<>(operator, r -> r.mn, Types.STRING);
    h.setProcessingTime(1_000 + 60 * MIN);
    h.initializeState(snapshot);
    h.open();
    h.setProcessingTime(1_000 + 61 * MIN);
    assertThat(events("D1")).isEmpty();
    assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
    // silence counts from the first processing time the restored job saw (+61 min)
    h.setProcessingTime(1_000 + 91 * MIN - 1);
    assertThat(events("D1")).isEmpty();
    h.setProcessingTime(1_000 + 91 * MIN);
    assertThat(events("D1")).hasSize(1);
    assertThat(events("D1").get(0).evidence().windowStart()).isEqualTo(at(T));
  }

  @Test
  void d1StaysQuietAtTheEndOfABoundedInput() throws Exception {
    open(DetectorConfig.builder().processingFallback(false).build());
    kilnRun(T, T + 5 * MIN, 13, 100);
    h.processWatermark(Long.MAX_VALUE);
    assertThat(h.extractOutputValues()).isEmpty();
    assertThat(h.numEventTimeTimers()).isZero();
  }

  // ------------------------------------------------------------------------- state lifetime

  @Test
  void aQuietMeterLeavesNoStateOrTimerAfterTheRetention() throws Exception {
    open(DetectorConfig.DEFAULTS);
    h.setProcessingTime(1_000);
    // the kiln flat for 70 min (D4 open) and the water meter once; then both fall silent
    for (long t = T; t <= T + 70 * MIN; t += 30_000) {
      send(kiln(t, 100, 13, 100).build());
    }
    send(reading(TestCity.WATER, at(T + 5 * MIN)).rtd("w01018", 40).build());
    long kilnLast = T + 70 * MIN;
    long waterLast = T + 5 * MIN;
    long day = 24 * 60 * MIN;
    // D1 reports both silences long before their state goes
    h.processWatermark(kilnLast + 30 * MIN);
    assertThat(events("D1")).extracting(RuleEvent::breach).containsExactly(true, true);
    assertThat(h.numKeyedStateEntries()).isEqualTo(2);
    // the water meter's state goes 30 min + 7 days after its last data, not 1 ms earlier
    h.processWatermark(waterLast + 30 * MIN + 7 * day - 1);
    assertThat(h.numKeyedStateEntries()).isEqualTo(2);
    assertThat(h.numEventTimeTimers()).isEqualTo(2);
    h.processWatermark(waterLast + 30 * MIN + 7 * day);
    assertThat(h.numKeyedStateEntries()).isEqualTo(1);
    assertThat(state(TestCity.WATER)).isNull();
    assertThat(state(TestCity.KILN)).isNotNull();
    h.processWatermark(kilnLast + 30 * MIN + 7 * day);
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
    assertThat(h.numProcessingTimeTimers()).isZero();
    // the cleanup itself says nothing: the open D1 cases stay with their teams
    assertThat(events("D1")).hasSize(2);
    assertThat(events("D4")).extracting(RuleEvent::breach).containsOnly(true);
  }

  @Test
  void aMeterThatKeepsTalkingKeepsItsStateWithOneCleanupTimer() throws Exception {
    open(DetectorConfig.builder().processingFallback(false).build());
    long day = 24 * 60 * MIN;
    // one reading an hour for 9 days: the cleanup timer fires at +7 days 30 min and is re-armed
    for (long t = T; t <= T + 9 * day; t += 60 * MIN) {
      send(reading(TestCity.WATER, at(t)).rtd("w01018", 40 + (t / MIN) % 7).build());
      h.processWatermark(t);
    }
    assertThat(h.numKeyedStateEntries()).isEqualTo(1);
    assertThat(h.numEventTimeTimers()).as("D1 and cleanup").isEqualTo(2);
    // it fired at watermark T + 7 d 1 h and was re-armed from that reading's data time
    assertThat(state(TestCity.WATER).cleanupTimer)
        .isEqualTo(T + 7 * day + 60 * MIN + 30 * MIN + 7 * day);
    assertThat(events("D1")).isEmpty();
  }

  @Test
  void unknownMetersAreNotJudgedAndKeepNoState() throws Exception {
    open(DetectorConfig.DEFAULTS);
    send(reading(TestCity.UNKNOWN, at(T)).rtd(O2, 30).build());
    h.processWatermark(T + 120 * MIN);
    assertThat(h.extractOutputValues()).isEmpty();
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
  }

  // ------------------------------------------------------------------------------------ D4

  @Test
  void d4FlatlineRaisesAtSixtyMinutesNotBeforeAndRecovers() throws Exception {
    open(DetectorConfig.builder().processingFallback(false).build());
    // SO2 stuck at 80.0 from T: readings at T .. T+59:30 span 59.5 min
    for (long t = T; t < T + 60 * MIN; t += 30_000) {
      send(kiln(t, 80.0, 13 + (t / 30_000) % 3 * 0.1, 100 + (t / 30_000) % 5).build());
    }
    assertThat(events("D4")).isEmpty();
    send(kiln(T + 60 * MIN, 80.0, 13.05, 101).build());
    List<RuleEvent> d4 = events("D4");
    assertThat(d4).hasSize(1);
    assertThat(d4.get(0).parameter()).isEqualTo(SO2);
    assertThat(d4.get(0).key().parameter()).as("one D4 case per outlet").isEqualTo("-");
    assertThat(d4.get(0).key().subject()).isEqualTo(TestCity.KILN_OUTLET);
    assertThat(d4.get(0).evidence().value()).isEqualTo(80.0);
    assertThat(d4.get(0).evidence().windowStart()).isEqualTo(at(T));
    assertThat(d4.get(0).evidence().windowEnd()).isEqualTo(at(T + 60 * MIN));
    send(kiln(T + 61 * MIN, 80.0, 13.1, 102).build());
    assertThat(events("D4")).hasSize(1);
    // it moves again: clear, then one confirmation after another 60 min
    send(kiln(T + 62 * MIN, 81.0, 13.0, 100).build());
    assertThat(events("D4")).hasSize(2);
    assertThat(events("D4").get(1).breach()).isFalse();
    send(kiln(T + 121 * MIN, 82.0, 13.1, 101).build());
    assertThat(events("D4")).hasSize(2);
    send(kiln(T + 122 * MIN, 83.0, 13.0, 100).build());
    assertThat(events("D4")).hasSize(3);
    assertThat(events("D4").get(2).breach()).isFalse();
    assertThat(events("D4").get(2).evidence().windowStart()).isEqualTo(at(T + 62 * MIN));
  }

  @Test
  void d4IgnoresAStoppedSourceAndFlaggedData() throws Exception {
    open(DetectorConfig.builder().processingFallback(false).build());
    for (long t = T; t <= T + 90 * MIN; t += 30_000) {
      send(kiln(t, 0.5, 20.9, 0).build()); // stopped: flow 0, everything flat
    }
    for (long t = T + 91 * MIN; t <= T + 180 * MIN; t += 30_000) {
      send(
          reading(TestCity.KILN, at(t))
              .rtd(SO2, 80, DataFlag.C)
              .rtd(O2, 13 + (t / 30_000) % 3 * 0.1)
              .rtd(GAS_FLOW, 100 + (t / 30_000) % 5)
              .build());
    }
    assertThat(events("D4")).isEmpty();
  }

  // ------------------------------------------------------------------------------------ D5

  @Test
  void d5ImpossibleOxygenAtOnceAndRecovery() throws Exception {
    open(DetectorConfig.builder().processingFallback(false).build());
    send(kiln(T, 100, 21.0, 100).build());
    assertThat(events("D5")).isEmpty();
    send(kiln(T + 30_000, 101, 21.3, 100).build());
    List<RuleEvent> d5 = events("D5");
    assertThat(d5).hasSize(1);
    assertThat(d5.get(0).breach()).isTrue();
    assertThat(d5.get(0).severity()).isEqualTo(Severity.MAJOR);
    assertThat(d5.get(0).parameter()).isEqualTo(O2);
    assertThat(d5.get(0).evidence().value()).isEqualTo(21.3);
    assertThat(d5.get(0).evidence().limit()).isEqualTo(21.0);
    send(kiln(T + 60_000, 102, 21.4, 100).build());
    assertThat(events("D5")).hasSize(1);
    send(kiln(T + 90_000, 103, 13, 100).build());
    send(kiln(T + 90_000 + 15 * MIN, 104, 13, 100).build());
    assertThat(events("D5")).extracting(RuleEvent::breach).containsExactly(true, false, false);
    send(kiln(T + 90_000 + 60 * MIN, 104, 13, 100).build());
    assertThat(events("D5")).hasSize(3);
    assertThat(state(TestCity.KILN).impossible).containsOnlyNulls();
  }

  @Test
  void d5AnalyserRangeFromTheConfiguration() throws Exception {
    open(DetectorConfig.builder().processingFallback(false).analyserRange(SO2, 500).build());
    send(kiln(T, 750, 13, 100).build());
    assertThat(events("D5")).isEmpty();
    send(kiln(T + 30_000, 750.5, 13, 100).build());
    assertThat(events("D5")).hasSize(1);
    assertThat(events("D5").get(0).evidence().limit()).isEqualTo(750.0);
  }

  // ------------------------------------------------------------------------------------ D6

  @Test
  void d6ZeroDropAtOperatingFlowForFifteenMinutes() throws Exception {
    open(DetectorConfig.builder().processingFallback(false).build());
    kilnRun(T, T + 60 * MIN, 13, 100); // reference flow 100
    long z = T + 60 * MIN;
    // SO2 limit 200: near zero is at most 10 mg/m3
    for (long t = z; t < z + 15 * MIN; t += 30_000) {
      send(kiln(t, 0.3, 13, 100).build());
    }
    assertThat(events("D6")).isEmpty();
    send(kiln(z + 15 * MIN, 10.0, 13, 100).build());
    List<RuleEvent> d6 = events("D6");
    assertThat(d6).hasSize(1);
    assertThat(d6.get(0).severity()).isEqualTo(Severity.MAJOR);
    assertThat(d6.get(0).parameter()).isEqualTo(SO2);
    assertThat(d6.get(0).evidence().value()).isEqualTo(10.0);
    assertThat(d6.get(0).evidence().limit()).isEqualTo(10.0);
    assertThat(d6.get(0).evidence().windowStart()).isEqualTo(at(z));
    send(kiln(z + 16 * MIN, 120, 13, 100).build());
    assertThat(events("D6")).extracting(RuleEvent::breach).containsExactly(true, false);
  }

  @Test
  void d6NearZeroFollowsTheLimitInForceOnTheLocalDayOfTheReading() throws Exception {
    open(DetectorConfig.builder().processingFallback(false).build());
    // the kiln's NOx permit limit is 320 until 2025-07-01, then 260: near zero is at most 16, then
    // 13 mg/m3 (5 % of the limit); NOx at 14.5 is near zero until local midnight, then it is not
    long start = CAL.instant(LocalDateTime.of(2025, 6, 30, 23, 0)).toEpochMilli();
    long low = start + 30 * MIN;
    long midnight = start + 60 * MIN;
    for (long t = start; t <= midnight; t += 30_000) {
      send(kiln(t, 100 + (t / 30_000) % 7, 10, 100).rtd(NOX, t < low ? 150 : 14.5).build());
    }
    List<RuleEvent> d6 = events("D6");
    assertThat(d6)
        .extracting(
            RuleEvent::parameter,
            RuleEvent::breach,
            e -> e.evidence().windowStart(),
            e -> e.evidence().limit())
        .containsExactly(tuple(NOX, true, at(low), 16.0), tuple(NOX, false, at(low), 13.0));
  }

  @Test
  void d6NotWhenTheFlowDropsWithTheConcentration() throws Exception {
    open(DetectorConfig.builder().processingFallback(false).build());
    kilnRun(T, T + 60 * MIN, 13, 100);
    for (long t = T + 60 * MIN; t < T + 120 * MIN; t += 30_000) {
      send(kiln(t, 0.3, 13, 70).build()); // below 80 % of the reference: the plant turns down
    }
    assertThat(events("D6")).isEmpty();
  }

  // ------------------------------------------------------------------------------------ D7

  @Test
  void d7DilutionAboveNineteenPercentAtHighFlow() throws Exception {
    open(DetectorConfig.builder().processingFallback(false).build());
    kilnRun(T, T + 60 * MIN, 13, 100);
    long d = T + 60 * MIN;
    for (long t = d; t <= d + 20 * MIN; t += 30_000) {
      send(kiln(t, 60 + (t / 30_000) % 7, 19.0, 150).build()); // at 19.0: not above
    }
    assertThat(events("D7")).isEmpty();
    long e = d + 21 * MIN;
    for (long t = e; t < e + 15 * MIN; t += 30_000) {
      send(kiln(t, 60 + (t / 30_000) % 7, 19.5, 150).build());
    }
    assertThat(events("D7")).isEmpty();
    send(kiln(e + 15 * MIN, 61, 19.6, 150).build());
    List<RuleEvent> d7 = events("D7");
    assertThat(d7).hasSize(1);
    assertThat(d7.get(0).parameter()).isEqualTo(O2);
    assertThat(d7.get(0).evidence().value()).isEqualTo(19.6);
    assertThat(d7.get(0).evidence().limit()).isEqualTo(19.0);
  }

  @Test
  void d7NotWhenThePlantStopsAndO2RisesWithFallingFlow() throws Exception {
    open(DetectorConfig.builder().processingFallback(false).build());
    kilnRun(T, T + 60 * MIN, 13, 100);
    kilnRun(T + 60 * MIN, T + 120 * MIN, 20.5, 20);
    assertThat(events("D7")).isEmpty();
  }

  // ------------------------------------------------------------------------------------ D9

  @Test
  void d9SteadyClockSkewForFiveMinutesOfReceiveTime() throws Exception {
    open(DetectorConfig.builder().processingFallback(false).build());
    long skew = 10 * MIN;
    for (long t = T; t < T + 5 * MIN; t += 30_000) {
      send(kiln(t + skew, 100 + (t / 30_000) % 7, 13, 100).receivedAt(at(t)).build());
    }
    assertThat(events("D9")).isEmpty();
    send(kiln(T + 5 * MIN + skew, 100, 13, 100).receivedAt(at(T + 5 * MIN)).build());
    List<RuleEvent> d9 = events("D9");
    assertThat(d9).hasSize(1);
    assertThat(d9.get(0).key().parameter()).isEqualTo("-");
    assertThat(d9.get(0).evidence().value()).isEqualTo(10.0);
    send(kiln(T + 6 * MIN, 100, 13, 100).receivedAt(at(T + 6 * MIN)).build());
    assertThat(events("D9")).extracting(RuleEvent::breach).containsExactly(true, false);
  }

  @Test
  void d9NotJustBelowTheLimitNorForABackFillBurst() throws Exception {
    open(DetectorConfig.builder().processingFallback(false).build());
    for (long t = T; t < T + 30 * MIN; t += 30_000) {
      send(kiln(t - 10 * MIN + 1, 100 + (t / 30_000) % 7, 13, 100).receivedAt(at(t)).build());
    }
    // a device catching up: two hours of data received within one minute
    long now = T + 180 * MIN;
    for (int i = 0; i < 240; i++) {
      long dataTime = T + 30 * MIN + i * 30_000L;
      send(kiln(dataTime, 100 + i % 7, 13, 100).receivedAt(at(now + i * 250L)).build());
    }
    assertThat(events("D9")).isEmpty();
  }

  @Test
  void d9ConflictingDuplicatesButNotIdenticalResends() throws Exception {
    open(DetectorConfig.builder().processingFallback(false).build());
    send(kiln(T, 100, 13, 100).build());
    send(kiln(T, 100, 13, 100).build());
    assertThat(events("D9")).isEmpty();
    send(kiln(T, 120, 13, 100).build());
    List<RuleEvent> d9 = events("D9");
    assertThat(d9).hasSize(1);
    assertThat(d9.get(0).key().parameter()).isEqualTo("conflict");
    assertThat(d9.get(0).breach()).isTrue();
  }
}
