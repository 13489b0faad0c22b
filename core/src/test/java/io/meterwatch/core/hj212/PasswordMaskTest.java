package io.meterwatch.core.hj212;

import static io.meterwatch.core.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterwatch.core.input.DeadLetter;
import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.input.RejectedInputException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PasswordMaskTest {

  private static String mask(String s) {
    return new String(
        PasswordMask.mask(s.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // the standard's example: length and CRC stay as received
        "##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&1C80"
            + " | ##0101QN=20160801085857223;ST=32;CN=1062;PW=******;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&1C80",
        // PW first in the segment (a 2005-era device without QN), longer than six characters
        "##0040PW=123456789;ST=31;CN=2011;MN=M1;CP=&&&&ABCD | ##0040PW=******;ST=31;CN=2011;MN=M1;CP=&&&&ABCD",
        // an empty password is masked too: the evidence says nothing about it
        "##0030ST=31;CN=2011;PW=;MN=M1;CP=&&&&ABCD | ##0030ST=31;CN=2011;PW=******;MN=M1;CP=&&&&ABCD",
        // a PW= inside the CP data area is data, not the password
        "##0040ST=31;CN=2011;PW=9;MN=M1;CP=&&a;PW=5&&ABCD | ##0040ST=31;CN=2011;PW=******;MN=M1;CP=&&a;PW=5&&ABCD",
        // two frames in one payload: both masked
        "##0020PW=1;CP=&&&&AAAA##0020PW=22;CP=&&&&BBBB | ##0020PW=******;CP=&&&&AAAA##0020PW=******;CP=&&&&BBBB",
        // not HJ 212: unchanged
        "{\"mn\":\"M1\",\"PW=\":1} | {\"mn\":\"M1\",\"PW=\":1}",
        "XPW=1;CP=&&&& | XPW=1;CP=&&&&",
      })
  void masksEveryHeaderPassword(String in, String out) {
    assertThat(mask(in)).isEqualTo(out);
  }

  @Test
  void leavesPayloadsWithoutPasswordAsTheSameArray() {
    byte[] binary = {0, (byte) 0xff, 'P', 'W'};
    assertThat(PasswordMask.mask(binary)).isSameAs(binary);
  }

  @Test
  void deadLettersCarryNeitherThePasswordInTheOriginalNorInTheMessage() {
    byte[] packet =
        "##0052ST=31;CN=2011;PW=415511;MN=610902G0010001;CP=&&DataTime=x&&0000\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    DeadLetter d =
        DeadLetter.of(
            packet,
            "meters/610902G0010001/data",
            T0,
            new RejectedInputException(
                ReasonCode.BAD_FRAME, "an HJ 212 packet starts with ##: ST=31;PW=415511;MN=6109"));
    assertThat(new String(d.original(), StandardCharsets.US_ASCII))
        .isEqualTo("##0052ST=31;CN=2011;PW=******;MN=610902G0010001;CP=&&DataTime=x&&0000\r\n");
    assertThat(d.message()).isEqualTo("an HJ 212 packet starts with ##: ST=31;PW=******;MN=6109");
  }
}
