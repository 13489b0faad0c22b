package io.meterwatch.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a command finds one password, in this order: a file ({@code --X-password-file}), the
 * environment ({@code MW_X_PASSWORD}), then, as a last resort, the flag itself ({@code --X-password
 * VALUE}, visible in the process list and shell history; {@code --X-password} without a value
 * prompts). Passwords never have to be on the command line.
 *
 * @param flag the password flag, e.g. {@code --mqtt-password}
 * @param fileFlag the file flag, e.g. {@code --mqtt-password-file}
 * @param envVar the environment variable, e.g. {@code MW_MQTT_PASSWORD}
 */
public record PasswordSource(String flag, String fileFlag, String envVar) {

  public static final PasswordSource MQTT =
      new PasswordSource("--mqtt-password", "--mqtt-password-file", "MW_MQTT_PASSWORD");
  public static final PasswordSource INFLUX =
      new PasswordSource("--influx-password", "--influx-password-file", "MW_INFLUX_PASSWORD");

  /**
   * The password, or {@code null} when there is no user or no source gives one.
   *
   * @param user the user name given, or {@code null}
   * @param flagValue the flag's value (typed or prompted), or {@code null}
   * @param file the file given, or {@code null}
   * @param env the environment
   * @throws IllegalArgumentException naming the flag: both flag and file given, a password without
   *     a user, a file that cannot be read or is empty
   */
  public String resolve(String user, String flagValue, Path file, Map<String, String> env) {
    if (flagValue != null && file != null) {
      throw new IllegalArgumentException(flag + " and " + fileFlag + " exclude each other");
    }
    String password = file != null ? read(file) : flagValue;
    if (password == null && user != null) {
      password = env.get(envVar);
    }
    if (password != null && user == null) {
      throw new IllegalArgumentException(
          (file != null ? fileFlag : flagValue != null ? flag : envVar)
              + " gives a password but no user name was given");
    }
    return password;
  }

  /** The file's first line (a trailing newline is not part of the password). */
  private String read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          fileFlag + " " + file + ": cannot read it (" + e.getClass().getSimpleName() + ")");
    }
    int eol = text.indexOf('\n');
    String line = eol < 0 ? text : text.substring(0, eol);
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    if (line.isEmpty()) {
      throw new IllegalArgumentException(fileFlag + " " + file + ": the first line is empty");
    }
    return line;
  }

  /** The help text of the password flag. */
  public static final String LAST_RESORT =
      "last resort, visible in the process list and shell history: prefer the file or the"
          + " environment variable; without a value: prompt";
}
