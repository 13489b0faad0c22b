package io.meterwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code meterwatch registry check}, run through the real {@code meterwatch} command line. */
class RegistryCommandTest {

  @TempDir Path dir;

  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cl = new CommandLine(new Meterwatch());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int status = cl.execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void theBuiltInDemoCityIsValid() {
    Run r = run("registry", "check");
    assertThat(r.status()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "demo-city.yaml (built in): valid: 12 counties, 40 enterprises, 61 outlets,"
                + " 16 energy meters, 8 production meters (85 MNs)"
                + System.lineSeparator());
    assertThat(r.err()).isEmpty();
  }

  @Test
  void listsEveryErrorOfAFile() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("city.yaml"),
            """
            counties:
              - {id: hanbin, nameZh: 汉滨区, nameEn: Hanbin District}
            enterprises:
              - creditCode: 91610902MA6YA1B22C
                name: 测试
                county: nowhere
                outlets:
                  - {id: k-DA001, medium: FLUE_GAS, mn: M1, standard: GB0000}
            """,
            StandardCharsets.UTF_8);
    Run r = run("registry", "check", file.toString());
    assertThat(r.status()).isEqualTo(RegistryCommand.Check.INVALID);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().toList())
        .hasSize(3)
        .satisfies(
            l -> {
              assertThat(l.get(0))
                  .isEqualTo(
                      file
                          + ": enterprise 91610902MA6YA1B22C: field 'county': unknown county"
                          + " 'nowhere' (known: hanbin)");
              assertThat(l.get(1))
                  .startsWith(
                      file
                          + ": enterprise 91610902MA6YA1B22C > outlet k-DA001: field 'standard':"
                          + " unknown standard 'GB0000'");
              assertThat(l.get(2)).isEqualTo(file + ": 2 errors");
            });
  }

  @Test
  void aFileThatCannotBeReadIsInvalid() {
    Run r = run("registry", "check", dir.resolve("missing.yaml").toString());
    assertThat(r.status()).isEqualTo(RegistryCommand.Check.INVALID);
    assertThat(r.err()).contains("missing.yaml: cannot be read");
  }
}
