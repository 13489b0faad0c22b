package io.meterwatch.core.json;

import static io.meterwatch.core.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterwatch.core.input.DeadLetter;
import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.input.RejectedInputException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLetterJsonTest {
  private final DeadLetterJson json = new DeadLetterJson();

  @Test
  void writesOriginalBytesAsBase64AndReadsThemBack() throws RejectedInputException {
    byte[] packet =
        "##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&1C81\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    DeadLetter d =
        new DeadLetter(
            packet,
            "meters/010000A8900016F000169DC0/data",
            T0.plusMillis(250),
            ReasonCode.CRC_MISMATCH,
            "CRC 1C81 differs from computed 1C80");
    String text = json.writeString(d);
    assertThat(text)
        .isEqualTo(
            "{\"original\":\"IyMwMTAxUU49MjAxNjA4MDEwODU4NTcyMjM7U1Q9MzI7Q049MTA2MjtQVz0xMDAwMDA7TU49MDEwMDAwQTg5MDAwMTZGMDAwMTY5REMwO0ZsYWc9NTtDUD0mJlJ0ZEludGVydmFsPTMwJiYxQzgxDQo=\","
                + "\"source\":\"meters/010000A8900016F000169DC0/data\","
                + "\"receiveTime\":\"2025-03-10T08:00:00.250+08:00\",\"reason\":\"CRC_MISMATCH\","
                + "\"message\":\"CRC 1C81 differs from computed 1C80\"}");
    DeadLetter back = json.read(text.getBytes(StandardCharsets.UTF_8));
    assertThat(back).isEqualTo(d);
    assertThat(back.original()).isEqualTo(packet);
  }

  @Test
  void keepsBinaryPayloadsWhole() throws RejectedInputException {
    byte[] binary = {0, (byte) 0xff, (byte) 0xfe, 10, 13, '"'};
    DeadLetter d =
        DeadLetter.of(
            binary,
            "meter.readings",
            T0,
            new RejectedInputException(ReasonCode.BAD_JSON, "not valid JSON"));
    assertThat(json.read(json.write(d)).original()).isEqualTo(binary);
    assertThat(json.read(json.write(d)).reason()).isEqualTo(ReasonCode.BAD_JSON);
  }

  @Test
  void rejectsRecordsThatAreNotDeadLetters() {
    assertThatThrownBy(() -> json.read("{\"reason\":\"LATE\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            RejectedInputException.class,
            e -> assertThat(e).hasMessage("a dead letter needs original and reason"));
    assertThatThrownBy(
            () ->
                json.read(
                    "{\"original\":\"AA==\",\"reason\":\"NOPE\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            RejectedInputException.class,
            e -> assertThat(e.reason()).isEqualTo(ReasonCode.BAD_JSON));
  }
}
