package io.meterwatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterwatch.core.config.PasswordSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Passwords from a file, the environment, the flag (last resort); errors name the flag. */
class PasswordSourceTest {
  private static final PasswordSource MQTT = PasswordSource.MQTT;
  private static final Map<String, String> NO_ENV = Map.of();
  private static final Map<String, String> ENV = Map.of("MW_MQTT_PASSWORD", "from-env");

  @Test
  void fileComesFirstThenTheFlagThenTheEnvironment(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("pw"), "from-file\nsecond line ignored\n");
    assertThat(MQTT.resolve("bridge", null, file, ENV)).isEqualTo("from-file");
    assertThat(MQTT.resolve("bridge", "from-flag", null, ENV)).isEqualTo("from-flag");
    assertThat(MQTT.resolve("bridge", null, null, ENV)).isEqualTo("from-env");
    assertThat(MQTT.resolve("bridge", null, null, NO_ENV)).isNull();
    // anonymous: the environment's password is not used without a user
    assertThat(MQTT.resolve(null, null, null, ENV)).isNull();
    Path crlf = Files.writeString(dir.resolve("crlf"), "p w\r\n");
    assertThat(MQTT.resolve("bridge", null, crlf, NO_ENV)).isEqualTo("p w");
  }

  @Test
  void mistakesNameTheFlag(@TempDir Path dir) throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> MQTT.resolve("u", "x", empty, NO_ENV))
        .hasMessage("--mqtt-password and --mqtt-password-file exclude each other");
    assertThatThrownBy(() -> MQTT.resolve("u", null, empty, NO_ENV))
        .hasMessage("--mqtt-password-file " + empty + ": the first line is empty");
    assertThatThrownBy(() -> MQTT.resolve("u", null, missing, NO_ENV))
        .hasMessage("--mqtt-password-file " + missing + ": cannot read it (NoSuchFileException)");
    assertThatThrownBy(() -> MQTT.resolve(null, "x", null, NO_ENV))
        .hasMessage("--mqtt-password gives a password but no user name was given");
  }

  @Test
  void anUnreadablePasswordFileEndsTheBridgeWithExit2BeforeItConnects(@TempDir Path dir) {
    CommandLine cl = new CommandLine(new Meterwatch());
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    Path missing = dir.resolve("missing");
    int status =
        cl.execute(
            "bridge",
            "--mqtt",
            "tcp://127.0.0.1:1",
            "--kafka",
            "127.0.0.1:1",
            "--mqtt-user",
            "bridge",
            "--mqtt-password-file",
            missing.toString());
    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "meterwatch bridge: --mqtt-password-file "
                + missing
                + ": cannot read it (NoSuchFileException)\n");
  }

  @Test
  void everyPasswordFlagSaysItIsTheLastResort() {
    CommandLine cl = new CommandLine(new Meterwatch());
    for (String[] c :
        new String[][] {
          {"bridge", "--mqtt-password"},
          {"simulate", "--mqtt-password"},
          {"job", "--influx-password"}
        }) {
      // picocli wraps the descriptions: compare with single spaces
      String help = cl.getSubcommands().get(c[0]).getUsageMessage().replaceAll("\\s+", " ");
      assertThat(help)
          .as(c[0])
          .contains(c[1] + "-file=FILE")
          .contains(
              c[1]
                  + "[=PASSWORD] "
                  + c[1].substring(2, c[1].indexOf('-', 2))
                      .replace("mqtt", "MQTT")
                      .replace("influx", "InfluxDB")
                  + " password: last resort, visible in the process list and shell history");
    }
  }
}
