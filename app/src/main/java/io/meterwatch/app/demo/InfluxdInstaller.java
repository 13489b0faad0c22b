package io.meterwatch.app.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Makes sure Debian's {@code influxd} is there before the demo starts it: installs the {@code
 * influxdb} package when it is missing and the user is root, otherwise says exactly what to do. It
 * stops no service: the demo starts and stops only its own influxd, by pid.
 */
final class InfluxdInstaller {
  private static final Path INFLUXD = Path.of("/usr/bin/influxd");
  private static final Path POLICY_RC_D = Path.of("/usr/sbin/policy-rc.d");

  private InfluxdInstaller() {}

  static void ensureInstalled(PrintStream log) throws IOException, InterruptedException {
    if (Files.isExecutable(INFLUXD)) {
      return;
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new IllegalStateException(
          "influxd is not installed. Install Debian's package (sudo apt-get install -y influxdb)"
              + " or give an existing InfluxDB with --influx-url http://HOST:8086");
    }
    log.println(
        "  installing Debian's influxdb package (apt-get install -y influxdb): the demo starts its"
            + " own influxd from it on a free loopback port; the package's system service is not"
            + " started and nothing already running is stopped");
    // Debian's maintainer scripts ask policy-rc.d before starting a service; 101 = not allowed.
    // An administrator's own policy is kept as it is; ours is removed after the install.
    boolean ours = !Files.exists(POLICY_RC_D, LinkOption.NOFOLLOW_LINKS);
    if (ours) {
      Files.writeString(
          POLICY_RC_D,
          "#!/bin/sh\n# written by meterwatch demo during apt-get install; removed afterwards\n"
              + "exit 101\n");
      Files.setPosixFilePermissions(POLICY_RC_D, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    try {
      run("apt-get", "update", "-qq");
      run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "influxdb");
    } finally {
      if (ours) {
        Files.deleteIfExists(POLICY_RC_D);
      }
    }
    if (!Files.isExecutable(INFLUXD)) {
      throw new IllegalStateException("apt-get install influxdb did not provide " + INFLUXD);
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
    Process p = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    int rc = p.waitFor();
    if (rc != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + rc);
    }
  }
}
