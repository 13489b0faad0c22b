package io.meterwatch.app.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes sure Debian's {@code influxd} is there before the demo starts it: installs the {@code
 * influxdb} package when it is missing and the user is root, otherwise says exactly what to do.
 */
final class InfluxdInstaller {
  private static final Path INFLUXD = Path.of("/usr/bin/influxd");

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
    log.println("  installing Debian's influxdb package (apt-get install -y influxdb)...");
    run("apt-get", "update", "-qq");
    run("apt-get", "install", "-y", "-qq", "--no-install-recommends", "influxdb");
    // The package starts a system influxd on 8086; the demo runs its own on a free port.
    new ProcessBuilder("sh", "-c", "systemctl stop influxdb 2>/dev/null; pkill -x influxd || true")
        .inheritIO()
        .start()
        .waitFor();
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
