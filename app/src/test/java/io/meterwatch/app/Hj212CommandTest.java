package io.meterwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterwatch.core.hj212.Hj212Codec;
import io.meterwatch.core.testing.RealDevicePackets;
import io.meterwatch.core.testing.SharedReference;
import io.meterwatch.core.testing.SharedReference.Hj212Sample;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code meterwatch hj212 decode}, run through the real {@code meterwatch} command line. */
class Hj212CommandTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  private record Run(int status, List<String> out, String err) {}

  private static Run run(String stdin, String... args) {
    CommandLine cl = new CommandLine(new Meterwatch());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    Hj212Command.Decode decode =
        cl.getSubcommands().get("hj212").getSubcommands().get("decode").getCommand();
    decode.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    int status = cl.execute(args);
    String text = out.toString();
    List<String> lines = text.isEmpty() ? List.of() : Arrays.asList(text.split("\n", -1));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines = lines.subList(0, lines.size() - 1);
    }
    return new Run(status, lines, err.toString());
  }

  private Path file(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  @Test
  void theSharedSamplesDecodeAsDocumented() throws Exception {
    List<Hj212Sample> samples = SharedReference.hj212Samples();
    StringBuilder text = new StringBuilder("# captured packets\n\n");
    for (Hj212Sample s : samples) {
      text.append(s.frame()).append('\n'); // frames with the literal \r\n where the file has it
    }
    Run run = run("", "hj212", "decode", file("samples.txt", text.toString()).toString());
    assertThat(run.status()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).hasSize(samples.size());
    List<String> errors = new ArrayList<>();
    for (String line : run.out()) {
      JsonNode node = MAPPER.readTree(line);
      errors.add(node.get("ok").asBoolean() ? "ok" : node.get("error").asText());
    }
    assertThat(errors)
        .containsExactly(
            "ok",
            "ok",
            "ok",
            "CRC_MISMATCH",
            "ok",
            "ok",
            "ok",
            "CRC_MISMATCH",
            "ok",
            "ok",
            "LENGTH_MISMATCH",
            "ok");
    // The example packet, exactly.
    assertThat(run.out().get(8))
        .startsWith(
            "{\"ok\":true,\"qn\":\"20210722140000509\",\"st\":\"31\",\"cn\":\"2061\","
                + "\"mn\":\"NEWPROTOCOLTEST000000092\",\"flag\":4,\"pnum\":null,\"pno\":null,"
                + "\"dataTime\":\"2021-07-22T13:00:00+08:00\",\"values\":{\"a24088\":{\"Min\":0.0000,"
                + "\"Avg\":0.0196,\"Max\":0.1988,\"Cou\":0.0003,\"Flag\":\"N\"},")
        .endsWith(
            ",\"a00000\":{\"Min\":3.7077,\"Avg\":3.9151,\"Max\":4.0276,\"Cou\":12758.2462,"
                + "\"Flag\":\"N\"}}}");
    assertThat(MAPPER.readTree(run.out().get(8)).get("values")).hasSize(9);
    assertThat(run.out().get(3))
        .isEqualTo(
            "{\"ok\":false,\"error\":\"CRC_MISMATCH\",\"message\":\"CRC 4980 sent, 3C00 computed\"}");
    assertThat(run.out().get(10))
        .isEqualTo(
            "{\"ok\":false,\"error\":\"LENGTH_MISMATCH\","
                + "\"message\":\"declared length 0428, data segment has 431 bytes\"}");
  }

  @Test
  void a2005PacketKeepsItsCodesAndHasNoQnOrFlag() throws Exception {
    String frame =
        "##0139ST=32;CN=2011;PW=123456;MN=LD130133000015;CP=&&DataTime=20160824003817000;"
            + "B01-Rtd=36.91;011-Rtd=231.0,011-Flag=N;060-Rtd=1.803,060-Flag=N&&4980";
    Run run = run(frame + "\r\n", "hj212", "decode");
    assertThat(run.out())
        .containsExactly(
            "{\"ok\":true,\"qn\":null,\"st\":\"32\",\"cn\":\"2011\",\"mn\":\"LD130133000015\","
                + "\"flag\":null,\"pnum\":null,\"pno\":null,"
                + "\"dataTime\":\"2016-08-24T00:38:17+08:00\",\"values\":{\"B01\":{\"Rtd\":36.91},"
                + "\"011\":{\"Rtd\":231.0,\"Flag\":\"N\"},\"060\":{\"Rtd\":1.803,\"Flag\":\"N\"}}}");
  }

  @Test
  void commandsWithoutReadingsDecodeWithTheirFields() {
    Run run =
        run(
            RealDevicePackets.ACK_LOWER_CASE_CRC + "\n" + RealDevicePackets.RESTART_EMPTY_PW + "\n",
            "hj212",
            "decode",
            "-");
    assertThat(run.out())
        .containsExactly(
            "{\"ok\":true,\"qn\":\"20201008154743635\",\"st\":\"91\",\"cn\":\"9014\","
                + "\"mn\":\"SD000001\",\"flag\":9,\"pnum\":null,\"pno\":null,\"dataTime\":null,"
                + "\"values\":{},\"fields\":{\"QnRtn\":\"1\"}}",
            "{\"ok\":true,\"qn\":\"20200428011552615\",\"st\":\"31\",\"cn\":\"2081\","
                + "\"mn\":\"MYHJ00000000000080011128\",\"flag\":4,\"pnum\":null,\"pno\":null,"
                + "\"dataTime\":\"2020-04-28T01:15:52+08:00\",\"values\":{},"
                + "\"fields\":{\"RestartTime\":\"20200425120954\"}}");
  }

  @Test
  void splitPartsSampleTimesAndBadFields() {
    // Length and CRC right, so the unknown flag letter is the problem.
    String frame =
        Hj212Codec.frame(
            "QN=20250310090000000;ST=31;CN=2061;PW=1;MN=M1;Flag=4;CP=&&DataTime=20250310080000;"
                + "a21026-Avg=1,a21026-Flag=X&&");
    Run run =
        run(
            RealDevicePackets.PART_ZERO_PADDED
                + "\n"
                + RealDevicePackets.SAMPLE_TIME_FIRST
                + "\n"
                + frame,
            "hj212",
            "decode");
    assertThat(run.out()).hasSize(3);
    assertThat(run.out().get(0))
        .contains("\"flag\":null,\"pnum\":2,\"pno\":2,")
        .endsWith(
            "\"values\":{\"a01006\":{\"Avg\":101.85,\"Min\":101.84,\"Max\":101.87,"
                + "\"ValidNum\":10,\"TotalNum\":10}}}");
    assertThat(run.out().get(1))
        .endsWith("\"values\":{\"w01008\":{\"SampleTime\":\"20231008123340\",\"Rtd\":123.456}}}");
    assertThat(run.out().get(2))
        .startsWith(
            "{\"ok\":false,\"error\":\"BAD_FIELD\",\"message\":\"a21026-Flag is not a flag");
  }

  @Test
  void zoneOption() {
    String frame = RealDevicePackets.REAL_TIME_ZS;
    assertThat(run(frame, "hj212", "decode").out().get(0))
        .contains("\"dataTime\":\"2021-05-21T11:02:02+08:00\"");
    assertThat(run(frame, "hj212", "decode", "--zone", "UTC").out().get(0))
        .contains("\"dataTime\":\"2021-05-21T11:02:02Z\"");
    assertThat(run(frame, "hj212", "decode", "--zone", "Europe/Berlin").out().get(0))
        .contains("\"dataTime\":\"2021-05-21T11:02:02+02:00\"");
    Run bad = run(frame, "hj212", "decode", "--zone", "Mars/Olympus");
    assertThat(bad.status()).isEqualTo(2);
    assertThat(bad.err()).contains("--zone: not a time zone: Mars/Olympus");
  }

  @Test
  void anUnreadableFileIsReportedAndTheOthersStillDecoded() throws Exception {
    Path good = file("good.txt", RealDevicePackets.FLUE_GAS_2005 + "\\r\\n\n");
    Run run = run("", "hj212", "decode", dir.resolve("missing.txt").toString(), good.toString());
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).contains("cannot read").contains("missing.txt");
    assertThat(run.out()).hasSize(1);
    assertThat(run.out().get(0)).startsWith("{\"ok\":true,\"qn\":null,\"st\":\"31\"");
  }

  @Test
  void aFileSavedWithAByteOrderMarkAndCrLfLines() throws Exception {
    Path windows =
        file(
            "windows.txt",
            "\uFEFF"
                + RealDevicePackets.SAMPLE_TIME_FIRST
                + "\r\n"
                + RealDevicePackets.BAD_CRC
                + "\r\n");
    Run run = run("", "hj212", "decode", windows.toString());
    assertThat(run.out()).hasSize(2);
    assertThat(run.out().get(0)).startsWith("{\"ok\":true,\"qn\":\"20231008123340461\"");
    assertThat(run.out().get(1))
        .isEqualTo(
            "{\"ok\":false,\"error\":\"CRC_MISMATCH\",\"message\":\"CRC 33EC sent, D801 computed\"}");
  }

  @Test
  void garbageLinesAreRejectedNotFatal() {
    Run run = run("hello\n   \n# comment\n##abcd\n{\"mn\":1}\n", "hj212", "decode");
    assertThat(run.status()).isZero();
    assertThat(run.out())
        .hasSize(3)
        .allMatch(l -> l.startsWith("{\"ok\":false,\"error\":\"BAD_FRAME\""));
  }
}
