package io.meterwatch.core.hj212;

import static io.meterwatch.core.testing.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.input.RejectedInputException;
import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.model.ReadingKind;
import io.meterwatch.core.model.Sample;
import io.meterwatch.core.model.SourceFormat;
import io.meterwatch.core.testing.SharedReference;
import io.meterwatch.core.testing.SharedReference.Hj212Sample;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every packet of {@code shared/reference/hj212-samples.txt} gives the right result: VALID ones
 * decode with the right MN, CN, time (DataTime read in Asia/Shanghai) and values, INVALID ones are
 * rejected with the reason that applies to them. Expectations are keyed by the file's line number,
 * so a new sample line fails {@link #everySampleLineHasAnExpectation} until it gets one.
 */
class Hj212SamplesTest {

  private static final Hj212Codec CODEC = new Hj212Codec();
  private static final Instant RECEIVED = Instant.parse("2026-01-01T00:00:00Z");

  private interface Check {
    void run(String frame) throws Exception;
  }

  private static final Map<Integer, Check> EXPECTED = new LinkedHashMap<>();

  static {
    // The standard's own example: CN 1062 sets the real-time interval, it carries no readings.
    EXPECTED.put(
        3,
        frame -> {
          Hj212Packet p = CODEC.parse(frame);
          assertThat(p.qn()).isEqualTo("20160801085857223");
          assertThat(p.st()).isEqualTo("32");
          assertThat(p.cn()).isEqualTo("1062");
          assertThat(p.pw()).isEqualTo("100000");
          assertThat(p.mn()).isEqualTo("010000A8900016F000169DC0");
          assertThat(p.flag()).isEqualTo(5);
          assertThat(p.ackRequested()).isTrue();
          assertThat(p.protocolVersion()).isEqualTo(1);
          assertThat(p.cpText()).isEqualTo("RtdInterval=30");
          assertThat(p.dataTime()).isNull();
          assertRejected(() -> CODEC.toReading(p, RECEIVED), ReasonCode.NOT_A_READING);
        });
    EXPECTED.put(
        4,
        frame -> {
          Reading r = decode(frame, "ZLDSZ20210127", ReadingKind.REAL_TIME, "2021-03-01T03:11:00Z");
          assertThat(r.st()).isEqualTo("21");
          assertThat(r.qn()).isEqualTo("20210301111100112");
          assertThat(r.samples().keySet())
              .containsExactly(
                  "w01001", "w01009", "w01010", "w01014", "w01003", "w21011", "w21001", "w21003",
                  "w01019", "w01008", "w23002");
          assertValues(r, "w01001", DataFlag.N, "Rtd", 8.33);
          assertValues(r, "w01014", DataFlag.N, "Rtd", 1425.0);
          assertValues(r, "w21003", DataFlag.N, "Rtd", 0.09055002);
          assertValues(r, "w23002", DataFlag.N, "Rtd", 0.0);
          assertThat(CODEC.parse(frame).flag()).isEqualTo(8);
        });
    // A 2005-era device: no QN, no Flag, DataTime with milliseconds, 2005 codes B01, 011, 060.
    EXPECTED.put(
        5,
        frame -> {
          Reading r =
              decode(frame, "LD130133000015", ReadingKind.REAL_TIME, "2016-08-23T16:38:17Z");
          assertThat(r.qn()).isNull();
          assertThat(CODEC.parse(frame).flag()).isNull();
          assertThat(r.samples().keySet()).containsExactly("w00000", "w01018", "w21003");
          assertThat(r.sample("w00000").sentCode()).isEqualTo("B01");
          assertThat(r.sample("w01018").sentCode()).isEqualTo("011");
          assertThat(r.sample("w21003").sentCode()).isEqualTo("060");
          assertValues(r, "w00000", null, "Rtd", 36.91);
          assertValues(r, "w01018", DataFlag.N, "Rtd", 231.0);
          assertValues(r, "w21003", DataFlag.N, "Rtd", 1.803);
        });
    // Line 5 with DataTime shortened by its milliseconds and the length fixed, CRC not recomputed.
    EXPECTED.put(6, frame -> assertRejected(() -> CODEC.parse(frame), ReasonCode.CRC_MISMATCH));
    EXPECTED.put(
        7,
        frame -> {
          Reading r =
              decode(frame, "Y80110010000010", ReadingKind.REAL_TIME, "2019-10-12T05:37:10Z");
          assertThat(r.samples()).hasSize(7);
          assertValues(r, "a21005", DataFlag.N, "Rtd", 0.0);
          assertValues(r, "a21007", DataFlag.N, "Rtd", 0.033);
          assertValues(r, "a21002", DataFlag.N, "Rtd", 49.2);
        });
    EXPECTED.put(
        8,
        frame -> {
          Reading r = decode(frame, "Z13401000010301", ReadingKind.HOUR, "2019-09-24T14:00:00Z");
          assertThat(r.samples().keySet())
              .containsExactly("a34006", "a34007", "a34048", "a34047", "a34049");
          assertValues(r, "a34006", DataFlag.N, "Avg", 2.697);
          assertValues(r, "a34049", DataFlag.N, "Avg", 10.663);
          assertThat(CODEC.parse(frame).pw()).isEqualTo("BF470F88957588DE902D1A52");
        });
    EXPECTED.put(
        9,
        frame -> {
          Reading r =
              decode(frame, "JLYP01_AIR01_0001", ReadingKind.MINUTE, "2022-05-13T08:26:00Z");
          assertThat(r.samples()).hasSize(11);
          assertValues(r, "a21026", DataFlag.N, "Avg", 6.0);
          assertValues(r, "a21005", DataFlag.N, "Avg", 0.427);
          assertValues(r, "a01006", DataFlag.N, "Avg", 95.0);
        });
    // Line 5 with the last CRC digit changed.
    EXPECTED.put(10, frame -> assertRejected(() -> CODEC.parse(frame), ReasonCode.CRC_MISMATCH));
    EXPECTED.put(
        11,
        frame -> {
          Reading r =
              decode(frame, "NEWPROTOCOLTEST000000092", ReadingKind.HOUR, "2021-07-22T05:00:00Z");
          assertThat(r.samples().keySet())
              .containsExactly(
                  "a24088", "a01012", "a01013", "a01011", "a05002", "a24087", "a01014", "a19001",
                  "a00000");
          assertValues(
              r,
              "a00000",
              DataFlag.N,
              "Min",
              3.7077,
              "Avg",
              3.9151,
              "Max",
              4.0276,
              "Cou",
              12758.2462);
          assertValues(r, "a01012", DataFlag.T, "Min", 38.925, "Avg", 39.7515, "Max", 40.7387);
          assertValues(
              r, "a01013", DataFlag.T, "Min", -130.7116, "Avg", -123.0723, "Max", -115.9674);
          assertValues(
              r, "a24088", DataFlag.N, "Min", 0.0, "Avg", 0.0196, "Max", 0.1988, "Cou", 0.0003);
        });
    // Batch water analysers report when they sampled (SampleTime), local time like DataTime.
    EXPECTED.put(
        12,
        frame -> {
          Reading r = decode(frame, "000101", ReadingKind.REAL_TIME, "2024-01-23T04:32:00Z");
          assertThat(r.samples()).hasSize(7);
          assertValues(r, "w01018", DataFlag.N, "Rtd", 4653.8);
          assertThat(r.sample("w01018").sampleTime()).isEqualTo("2024-01-23T03:03:06Z");
          assertThat(r.sample("w21001").sampleTime()).isEqualTo("2024-01-23T03:03:36Z");
          assertThat(r.sample("w00000").sampleTime()).isNull();
          assertValues(r, "w00000", DataFlag.N, "Rtd", 3.41);
        });
    // Declared 0428 but the segment has 431 bytes (its CRC does not match either; length is
    // checked first because it decides where the segment ends).
    EXPECTED.put(13, frame -> assertRejected(() -> CODEC.parse(frame), ReasonCode.LENGTH_MISMATCH));
    // Part 2 of a split minute packet (Flag 6 = version 1, D set), with Zs* values and flag D.
    EXPECTED.put(
        14,
        frame -> {
          Hj212Packet p = CODEC.parse(frame);
          assertThat(p.flag()).isEqualTo(6);
          assertThat(p.splitFlagged()).isTrue();
          assertThat(p.ackRequested()).isFalse();
          assertThat(p.pnum()).isEqualTo(2);
          assertThat(p.pno()).isEqualTo(2);
          assertThat(p.isPart()).isTrue();
          Reading r = decode(frame, "88888880000137", ReadingKind.MINUTE, "2018-03-03T02:12:00Z");
          assertThat(r.samples()).hasSize(9);
          assertValues(
              r,
              "a21018",
              DataFlag.D,
              "Cou",
              0.0,
              "Min",
              0.0,
              "Avg",
              0.0,
              "Max",
              0.0,
              "ZsMin",
              0.0,
              "ZsAvg",
              0.0,
              "ZsMax",
              0.0);
          assertValues(r, "w01018", DataFlag.D, "Cou", 0.0, "Min", 0.0, "Avg", 0.0, "Max", 0.0);
        });
  }

  @TestFactory
  Stream<DynamicTest> everySample() {
    return SharedReference.hj212Samples().stream()
        .map(
            s ->
                DynamicTest.dynamicTest(
                    "line " + s.line() + (s.valid() ? " VALID" : " INVALID"),
                    () -> EXPECTED.get(s.line()).run(s.frame())));
  }

  @Test
  void everySampleLineHasAnExpectation() {
    List<Hj212Sample> samples = SharedReference.hj212Samples();
    assertThat(samples).extracting(Hj212Sample::line).containsExactlyElementsOf(EXPECTED.keySet());
    assertThat(samples.stream().filter(Hj212Sample::valid)).hasSize(9);
    assertThat(samples.stream().filter(s -> !s.valid()))
        .extracting(Hj212Sample::line)
        .containsExactly(6, 10, 13);
  }

  @Test
  void everyValidSampleParsesAndEveryInvalidOneIsRejected() throws Exception {
    for (Hj212Sample s : SharedReference.hj212Samples()) {
      if (s.valid()) {
        assertThat(CODEC.parse(s.frame()).mn()).as("line %d", s.line()).isNotEmpty();
      } else {
        assertThatThrownBy(() -> CODEC.parse(s.frame()))
            .as("line %d", s.line())
            .isInstanceOf(RejectedInputException.class);
      }
    }
  }

  @Test
  void validSamplesSurviveParseEncodeParse() throws Exception {
    for (Hj212Sample s : SharedReference.hj212Samples()) {
      if (s.valid()) {
        Hj212Packet p = CODEC.parse(s.frame());
        assertThat(CODEC.parse(CODEC.encode(p))).as("line %d", s.line()).isEqualTo(p);
        // The samples are already in canonical form: encoding gives back the same frame.
        String canonical = s.frame().replace("\\r\\n", "");
        assertThat(CODEC.encode(p)).isEqualToIgnoringCase(canonical + "\r\n");
      }
    }
  }

  private static Reading decode(String frame, String mn, ReadingKind kind, String dataTime)
      throws RejectedInputException {
    Reading r = CODEC.decode(frame, RECEIVED);
    assertThat(r.mn()).isEqualTo(mn);
    assertThat(r.kind()).isEqualTo(kind);
    assertThat(r.dataTime()).isEqualTo(Instant.parse(dataTime));
    assertThat(r.receiveTime()).isEqualTo(RECEIVED);
    assertThat(r.format()).isEqualTo(SourceFormat.HJ212);
    return r;
  }

  /** Asserts a sample's flag and its exact values, suffix/value pairs in the order sent. */
  private static void assertValues(Reading r, String code, DataFlag flag, Object... suffixValues) {
    Sample s = r.sample(code);
    assertThat(s).as(code).isNotNull();
    assertThat(s.flag()).as(code + " flag").isEqualTo(flag);
    Map<String, Double> expected = new LinkedHashMap<>();
    for (int i = 0; i < suffixValues.length; i += 2) {
      expected.put((String) suffixValues[i], (Double) suffixValues[i + 1]);
    }
    assertThat(s.values()).as(code + " values").containsExactlyEntriesOf(expected);
  }
}
