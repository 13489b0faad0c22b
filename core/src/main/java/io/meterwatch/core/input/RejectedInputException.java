package io.meterwatch.core.input;

import java.util.Objects;

/**
 * An input that cannot become a reading, with the reason code that goes to the dead-letter topic.
 */
public class RejectedInputException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ReasonCode reason;

  public RejectedInputException(ReasonCode reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public RejectedInputException(ReasonCode reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why the input was rejected. */
  public ReasonCode reason() {
    return reason;
  }

  @Override
  public String toString() {
    return reason + ": " + getMessage();
  }
}
