package io.meterwatch.jobs;

import io.meterwatch.core.config.PasswordSource;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** The InfluxDB user and where its password comes from ({@link PasswordSource#INFLUX}). */
public final class InfluxLogin {
  @Option(names = "--influx-user", paramLabel = "USER", description = "InfluxDB user")
  public String user;

  @Option(
      names = "--influx-password-file",
      paramLabel = "FILE",
      description =
          "file whose first line is the InfluxDB password; without it and without"
              + " --influx-password: the environment variable MW_INFLUX_PASSWORD where the sinks"
              + " run (on a cluster: the TaskManagers' environment)")
  Path passwordFile;

  @Option(
      names = "--influx-password",
      arity = "0..1",
      interactive = true,
      paramLabel = "PASSWORD",
      description = "InfluxDB password: " + PasswordSource.LAST_RESORT)
  String password;

  /** The password from file, environment, flag or prompt; {@code null} without a user. */
  public String password(Map<String, String> env) {
    return PasswordSource.INFLUX.resolve(user, password, passwordFile, env);
  }
}
