package io.meterwatch.devservices;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Stopping the child processes the embedded services and tests start (mosquitto, influxd, Flink).
 */
public final class ChildProcess {
  private ChildProcess() {}

  /**
   * Asks {@code p} to stop (SIGTERM, so its shutdown hooks and save-on-exit run), waits up to
   * {@code grace}, then kills it (SIGKILL) and waits up to 10 s more. An interrupt kills it at once
   * and keeps the thread's interrupt status.
   */
  public static void stop(Process p, Duration grace) {
    p.destroy();
    try {
      if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
