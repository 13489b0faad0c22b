package io.meterwatch.core.hj212;

import static io.meterwatch.core.testing.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterwatch.core.hj212.Hj212Packet.Field;
import io.meterwatch.core.hj212.SplitPacketReassembler.Incomplete;
import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.testing.RealDevicePackets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SplitPacketReassemblerTest {

  private static final Hj212Codec CODEC = new Hj212Codec();
  private static final Instant T = Instant.parse("2025-03-10T00:00:00Z");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** Part 2 of the real device's split packet (its part 1 is a captured frame). */
  private static Hj212Packet realPart2() {
    return new Hj212Packet(
        "20201029122005355",
        "31",
        "2051",
        "123456",
        "WJTHGY91320509703697203A",
        7,
        2,
        2,
        List.of(
            List.of(new Field("DataTime", "20201029121000")),
            List.of(
                new Field("a21026-Avg", "12.5"),
                new Field("a21026-ZsAvg", "15.1"),
                new Field("a21026-Flag", "N"))));
  }

  private static Hj212Packet part(String qn, int pnum, int pno, String code) {
    return new Hj212Packet(
        qn,
        "31",
        "2051",
        "123456",
        "MW-CEM-01",
        6,
        pnum,
        pno,
        List.of(
            List.of(new Field("DataTime", "20250310080000")),
            List.of(new Field(code + "-Avg", String.valueOf(pno)))));
  }

  @Test
  void aWholePacketPassesStraightThrough() throws Exception {
    SplitPacketReassembler r = new SplitPacketReassembler(TIMEOUT);
    Hj212Packet whole = CODEC.parse(RealDevicePackets.REAL_TIME_ZS);
    assertThat(r.accept(whole, T)).containsSame(whole);
    assertThat(r.pending()).isZero();
  }

  @Test
  void realPartsOutOfOrderMakeOneReading() throws Exception {
    SplitPacketReassembler r = new SplitPacketReassembler(TIMEOUT);
    Hj212Packet part1 = CODEC.parse(RealDevicePackets.SPLIT_2017_PART1);
    assertThat(r.accept(realPart2(), T)).isEmpty();
    assertThat(r.pending()).isEqualTo(1);
    Optional<Hj212Packet> whole = r.accept(part1, T.plusSeconds(5));
    assertThat(r.pending()).isZero();
    assertThat(whole).isPresent();
    Hj212Packet p = whole.get();
    assertThat(p.pnum()).isNull();
    assertThat(p.pno()).isNull();
    assertThat(p.flag()).isEqualTo(5); // 7 without bit D: still version 1, still asks for an ack
    assertThat(p.ackRequested()).isTrue();
    assertThat(p.cp()).hasSize(part1.cp().size() + 2);
    // Part 1's items first, then part 2's.
    assertThat(p.cp().get(1).get(0).name()).isEqualTo("a00000-Min");
    Reading reading = CODEC.toReading(p, T);
    assertThat(reading.samples().keySet())
        .containsExactly(
            "a00000", "a01011", "a01012", "a01013", "a01014", "a19001", "a21002", "a21005",
            "a21026");
    assertThat(reading.sample("a21026").value("ZsAvg")).isEqualTo(15.1);
    assertThat(reading.sample("a00000").flag()).isEqualTo(DataFlag.B);
    assertThat(reading.dataTime()).isEqualTo(Instant.parse("2020-10-29T04:10:00Z"));
    // The reassembled packet encodes and parses like any other.
    assertThat(CODEC.parse(CODEC.encode(p))).isEqualTo(p);
  }

  @Test
  void aResentPartCountsOnce() throws Exception {
    SplitPacketReassembler r = new SplitPacketReassembler(TIMEOUT);
    assertThat(r.accept(part("20250310090000001", 3, 1, "a21026"), T)).isEmpty();
    assertThat(r.accept(part("20250310090000001", 3, 1, "a21026"), T)).isEmpty();
    assertThat(r.accept(part("20250310090000001", 3, 3, "a21002"), T)).isEmpty();
    Hj212Packet whole = r.accept(part("20250310090000001", 3, 2, "a34013"), T).orElseThrow();
    assertThat(whole.fields())
        .extracting(Field::name)
        .containsExactly(
            "DataTime", "a21026-Avg", "DataTime", "a34013-Avg", "DataTime", "a21002-Avg");
    assertThat(whole.flag()).isEqualTo(4);
  }

  @Test
  void groupsAreKeptApartByMnAndQn() throws Exception {
    SplitPacketReassembler r = new SplitPacketReassembler(TIMEOUT);
    assertThat(r.accept(part("20250310090000001", 2, 1, "a21026"), T)).isEmpty();
    assertThat(r.accept(part("20250310090000002", 2, 2, "a21002"), T)).isEmpty();
    assertThat(r.pending()).isEqualTo(2);
    Hj212Packet whole = r.accept(part("20250310090000001", 2, 2, "a34013"), T).orElseThrow();
    assertThat(whole.qn()).isEqualTo("20250310090000001");
    assertThat(whole.fields()).extracting(Field::name).contains("a21026-Avg", "a34013-Avg");
    assertThat(r.pending()).isEqualTo(1);
  }

  @Test
  void partsWithoutQnAreGroupedByCnAndDataTime() throws Exception {
    SplitPacketReassembler r = new SplitPacketReassembler(TIMEOUT);
    Hj212Packet part1 = CODEC.parse(RealDevicePackets.SPLIT_2005_OVER_1024);
    Hj212Packet part2 =
        new Hj212Packet(
            null,
            "31",
            "2051",
            "123456",
            "756877X7916010",
            2,
            2,
            2,
            List.of(
                List.of(new Field("DataTime", "20180303102200")),
                List.of(new Field("S01-Avg", "9.8"), new Field("S01-Flag", "N"))));
    assertThat(r.accept(part1, T)).isEmpty();
    assertThat(SplitPacketReassembler.groupKey(part2))
        .isEqualTo(SplitPacketReassembler.groupKey(part1))
        .isEqualTo("756877X7916010|2051|20180303102200|noqn");
    Hj212Packet whole = r.accept(part2, T.plusSeconds(1)).orElseThrow();
    assertThat(whole.flag()).isZero();
    Reading reading = CODEC.toReading(whole, T);
    assertThat(reading.samples()).hasSize(13);
    assertThat(reading.sample("a19001").sentCode()).isEqualTo("S01");
  }

  @Test
  void aPartThatContradictsItsGroupsPnumIsRejected() throws Exception {
    SplitPacketReassembler r = new SplitPacketReassembler(TIMEOUT);
    r.accept(part("20250310090000001", 2, 1, "a21026"), T);
    assertRejected(
        () -> r.accept(part("20250310090000001", 3, 2, "a21002"), T), ReasonCode.BAD_FIELD);
  }

  @Test
  void incompleteGroupsExpireAtTheirTimeout() throws Exception {
    SplitPacketReassembler r = new SplitPacketReassembler(TIMEOUT);
    r.accept(part("20250310090000001", 3, 2, "a21026"), T);
    r.accept(part("20250310090000002", 2, 1, "a21026"), T.plusSeconds(30));
    r.accept(part("20250310090000001", 3, 1, "a21002"), T.plusSeconds(50));

    assertThat(r.expire(T.plusSeconds(59))).isEmpty();
    List<Incomplete> expired = r.expire(T.plusSeconds(60));
    assertThat(expired).hasSize(1);
    Incomplete first = expired.get(0);
    assertThat(first.mn()).isEqualTo("MW-CEM-01");
    assertThat(first.qn()).isEqualTo("20250310090000001");
    assertThat(first.pnum()).isEqualTo(3);
    assertThat(first.firstSeen()).isEqualTo(T);
    assertThat(first.parts()).extracting(Hj212Packet::pno).containsExactly(1, 2);
    assertThat(first.missing()).containsExactly(3);
    assertThat(first.groupKey()).isEqualTo("MW-CEM-01|20250310090000001");
    assertThat(r.pending()).isEqualTo(1);

    // Expired parts are gone: the late part 3 starts a new group of its own.
    assertThat(r.accept(part("20250310090000001", 3, 3, "a34013"), T.plusSeconds(61))).isEmpty();
    assertThat(r.expire(T.plusSeconds(90)))
        .extracting(Incomplete::qn)
        .containsExactly("20250310090000002");
    assertThat(r.expire(T.plusSeconds(121)))
        .singleElement()
        .satisfies(i -> assertThat(i.missing()).containsExactly(1, 2));
    assertThat(r.pending()).isZero();
  }

  @Test
  void expireReturnsOldestFirst() throws Exception {
    SplitPacketReassembler r = new SplitPacketReassembler(TIMEOUT);
    r.accept(part("B", 2, 1, "a21026"), T.plusSeconds(10));
    r.accept(part("A", 2, 1, "a21026"), T);
    assertThat(r.expire(T.plusSeconds(100))).extracting(Incomplete::qn).containsExactly("A", "B");
  }

  @Test
  void timeoutMustBePositive() {
    assertThatThrownBy(() -> new SplitPacketReassembler(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }
}
