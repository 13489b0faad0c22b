package io.meterwatch.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterwatch.core.input.ReasonCode;
import io.meterwatch.core.input.RejectedInputException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on rejected input. */
public final class Rejections {
  private Rejections() {}

  /** Asserts that the call throws a {@link RejectedInputException} with this reason. */
  public static void assertRejected(ThrowingCallable call, ReasonCode reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            RejectedInputException.class,
            e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
  }
}
