package io.meterwatch.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * Simulated time and its pace. Event time runs from the scenario start; at {@code speed} N, N
 * simulated seconds pass per wall-clock second ({@code --speed 3600}: one simulated hour per
 * second); as fast as possible, the run never waits. Payloads only ever carry simulated time.
 */
public final class VirtualClock {
  private final double speed;
  private Instant simStart;
  private long wallStartNanos;

  private VirtualClock(double speed) {
    this.speed = speed;
  }

  /** A clock that never waits (back-fill, load, tests). */
  public static VirtualClock asFastAsPossible() {
    return new VirtualClock(Double.POSITIVE_INFINITY);
  }

  /** A clock running {@code speed} simulated seconds per wall-clock second. */
  public static VirtualClock atSpeed(double speed) {
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("--speed must be a positive number: " + speed);
    }
    return new VirtualClock(speed);
  }

  /** Simulated seconds per wall-clock second, infinite when as fast as possible. */
  public double speed() {
    return speed;
  }

  /** Whether the clock never waits. */
  public boolean asFastAsPossibleMode() {
    return Double.isInfinite(speed);
  }

  /** Starts the clock: simulated {@code start} is now. */
  public void begin(Instant start) {
    this.simStart = start;
    this.wallStartNanos = System.nanoTime();
  }

  /** Waits until simulated time {@code t} is due on the wall clock. */
  public void awaitSimulated(Instant t) throws InterruptedException {
    if (asFastAsPossibleMode()) {
      return;
    }
    long dueNanos = wallStartNanos + (long) (Duration.between(simStart, t).toNanos() / speed);
    long wait = dueNanos - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  /** The simulated time now on the wall clock (the start when as fast as possible). */
  public Instant simulatedNow() {
    if (asFastAsPossibleMode()) {
      return simStart;
    }
    return simStart.plusNanos((long) ((System.nanoTime() - wallStartNanos) * speed));
  }
}
