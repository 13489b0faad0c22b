package io.meterwatch.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version of the job jar, from {@code io/meterwatch/jobs/job-version.properties} (written by
 * the build): printed when the jar's {@code main} starts, so that the output of {@code flink run}
 * says which build was submitted (after an upgrade from a savepoint, the new one), and by {@code
 * --version}.
 */
public final class JobVersion implements IVersionProvider {
  static final String RESOURCE = "job-version.properties";

  /** The version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String current() {
    Properties p = new Properties();
    try (InputStream in = JobVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE + " is missing from the class path: a build without jobs' resources");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return p.getProperty("version");
  }

  /** The line printed at start: {@code meterwatch monitoring job version 0.1.0-SNAPSHOT}. */
  public static String line() {
    return MonitoringJobMain.JOB_NAME + " job version " + current();
  }

  @Override
  public String[] getVersion() {
    return new String[] {line()};
  }
}
