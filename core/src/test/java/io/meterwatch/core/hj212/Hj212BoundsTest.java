package io.meterwatch.core.hj212;

import static io.meterwatch.core.testing.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.input.DeadLetter;
import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.model.Reading;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Every number and count the HJ 212 decoder accepts is bounded (issue #20, point 4): one packet
 * must not make it allocate, loop or print without limit. Each case is a packet that did so before
 * the bounds, or the largest packet the standard allows, which still decodes.
 */
class Hj212BoundsTest {
  private static final Hj212Codec CODEC = new Hj212Codec();
  private static final Instant RECEIVED = Instant.parse("2026-01-01T00:00:00Z");

  private static String packet(String header, String cp) {
    return Hj212Codec.frame(
        "QN=20250310090000000;ST=31;CN=2061;PW=123456;MN=MW-CEM-01;"
            + header
            + "CP=&&DataTime=20250310090000;"
            + cp
            + "&&");
  }

  @Test
  void aNineDigitPnumIsRejectedBeforeAnyGroupIsMade() {
    // PNUM 999999999 made SplitPacketReassembler.missing() build a list of that many parts
    assertRejected(
        () -> CODEC.parse(packet("Flag=7;PNUM=999999999;PNO=1;", "a21026-Rtd=1.0")),
        ReasonCode.BAD_FIELD);
    assertRejected(
        () -> CODEC.parse(packet("Flag=7;PNUM=10000;PNO=1;", "a21026-Rtd=1.0")),
        ReasonCode.BAD_FIELD);
  }

  @Test
  void theLargestPartNumbersOfTheStandardAreAccepted() throws Exception {
    Hj212Packet p = CODEC.parse(packet("Flag=7;PNUM=9999;PNO=9999;", "a21026-Rtd=1.0"));
    assertThat(p.pnum()).isEqualTo(9999);
    assertThat(p.pno()).isEqualTo(9999);
  }

  @Test
  void aHugeExponentIsABadFieldNotAnOutOfMemoryError() {
    // 1e-999999999 made BigDecimal.toPlainString run out of memory; 1e-20000 printed 20 000 digits
    assertRejected(
        () -> CODEC.decode(packet("", "a21026-Rtd=1e-999999999"), RECEIVED), ReasonCode.BAD_FIELD);
    assertRejected(
        () -> CODEC.decode(packet("", "a21026-Rtd=1e-20000"), RECEIVED), ReasonCode.BAD_FIELD);
    assertThat(Hj212Codec.isNumber("1e-999999999")).isFalse();
    assertThat(Hj212Codec.isNumber("1e-200")).isFalse();
    assertThat(Hj212Codec.isNumber("1.5e2")).isTrue();
  }

  @Test
  void aTwoDigitExponentStillDecodes() throws Exception {
    Reading r = CODEC.decode(packet("", "a21026-Rtd=1.5e2"), RECEIVED);
    assertThat(r.sample("a21026").value("Rtd")).isEqualTo(150.0);
  }

  @Test
  void aNumberLongerThan32CharactersIsRejected() throws Exception {
    String digits32 = "1234567890123456789012345678.000"; // 32 characters
    assertThat(digits32).hasSize(32);
    Reading r = CODEC.decode(packet("", "a21026-Rtd=" + digits32), RECEIVED);
    assertThat(r.sample("a21026").value("Rtd")).isEqualTo(1.2345678901234568e27);
    assertRejected(
        () -> CODEC.decode(packet("", "a21026-Rtd=" + digits32 + "0"), RECEIVED),
        ReasonCode.BAD_FIELD);
  }

  @Test
  void moreThanAThousandCpFieldsAreRejected() throws Exception {
    StringBuilder cp = new StringBuilder("x0=1");
    for (int i = 1; i < 999; i++) {
      cp.append(",x").append(i).append("=1");
    }
    // DataTime plus 999 fields: exactly 1000
    assertThat(CODEC.parse(packet("", cp.toString())).fields()).hasSize(1000);
    assertRejected(() -> CODEC.parse(packet("", cp + ",x999=1")), ReasonCode.BAD_FIELD);
  }

  @Test
  void headerFieldsWiderThanTheStandardAreRejected() {
    assertRejected(
        () ->
            CODEC.parse(
                Hj212Codec.frame(
                    "ST=31;CN=2061;PW=1;MN=ABCDEFGHIJKLMNOPQRSTUVWXY;CP=&&DataTime=20250310090000&&")),
        ReasonCode.BAD_FIELD);
    assertRejected(
        () ->
            CODEC.parse(
                Hj212Codec.frame("ST=31;CN=20610000;PW=1;MN=M1;CP=&&DataTime=20250310090000&&")),
        ReasonCode.BAD_FIELD);
    assertRejected(
        () -> CODEC.parse(Hj212Codec.frame("ST=31;CN=2061;PW=1;MN=M1;Flag=1234;CP=&&&&")),
        ReasonCode.BAD_FIELD);
  }

  @Test
  void aFrameLongerThanTheLengthFieldAllowsIsTooLargeBeforeAnyCopy() {
    String big = "##9999" + "x".repeat(Hj212Codec.MAX_FRAME_CHARS);
    assertRejected(() -> CODEC.parse(big), ReasonCode.PAYLOAD_TOO_LARGE);
  }

  @Test
  void theLongestFrameTheStandardAllowsStillParses() throws Exception {
    String head = "ST=31;CN=2061;PW=1;MN=M1;CP=&&DataTime=20250310090000;a21026-Rtd=1.0;x=";
    String pad = "y".repeat(Hj212Codec.MAX_DATA_SEGMENT_BYTES - head.length() - 2);
    String frame = Hj212Codec.frame(head + pad + "&&");
    assertThat(frame.length()).isEqualTo(2 + 4 + 9999 + 4 + 2);
    assertThat(CODEC.decode(frame, RECEIVED).sample("a21026").value("Rtd")).isEqualTo(1.0);
  }

  @Test
  void aBoundedDeadLetterKeepsTheFirstBytesAndTheHashOfTheWhole() {
    byte[] tenMegabytes = new byte[10 * 1024 * 1024];
    java.util.Arrays.fill(tenMegabytes, (byte) 'x');
    DeadLetter d =
        DeadLetter.bounded(
            tenMegabytes,
            "meters/M1/data",
            RECEIVED,
            ReasonCode.PAYLOAD_TOO_LARGE,
            "payload of 10485760 bytes",
            1024);
    assertThat(d.original()).hasSize(1024);
    assertThat(d.message())
        .isEqualTo(
            "payload of 10485760 bytes [original 10485760 bytes, sha256 "
                + DeadLetter.sha256(tenMegabytes)
                + "; first 1024 bytes kept]");
    assertThat(DeadLetter.sha256("abc".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    DeadLetter small =
        DeadLetter.bounded(
            new byte[] {1, 2}, "t", RECEIVED, ReasonCode.BAD_FRAME, "m".repeat(5000), 1024);
    assertThat(small.original()).containsExactly(1, 2);
    assertThat(small.message()).hasSize(DeadLetter.MAX_TEXT_CHARS).endsWith("...");
  }
}
