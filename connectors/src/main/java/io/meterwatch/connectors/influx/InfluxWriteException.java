package io.meterwatch.connectors.influx;

import java.io.IOException;

/**
 * A batch InfluxDB did not take: rejected with a 4xx (bad points, unknown database, wrong
 * credentials; retrying cannot help) or still failing when the retry time ran out.
 */
public final class InfluxWriteException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int status;

  InfluxWriteException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status of the last answer, or -1 when the server could not be reached. */
  public int status() {
    return status;
  }
}
