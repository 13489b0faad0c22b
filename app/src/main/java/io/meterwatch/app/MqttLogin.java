package io.meterwatch.app;

import io.meterwatch.core.config.PasswordSource;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** The MQTT user and where its password comes from ({@link PasswordSource#MQTT}). */
final class MqttLogin {
  @Option(names = "--mqtt-user", description = "MQTT user name (default: anonymous)")
  String user;

  @Option(
      names = "--mqtt-password-file",
      paramLabel = "FILE",
      description = "file whose first line is the MQTT password (or env MW_MQTT_PASSWORD)")
  Path passwordFile;

  @Option(
      names = "--mqtt-password",
      arity = "0..1",
      interactive = true,
      paramLabel = "PASSWORD",
      description = "MQTT password: " + PasswordSource.LAST_RESORT)
  String password;

  /** The password from file, environment, flag or prompt; {@code null} without a user. */
  String password(Map<String, String> env) {
    return PasswordSource.MQTT.resolve(user, password, passwordFile, env);
  }
}
