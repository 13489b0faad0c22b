package io.meterwatch.jobs.windows;

/**
 * The first and last value (by data time) of a cumulative counter within a period, whatever the
 * order they arrived in. A Flink POJO.
 */
public class CounterSpan {
  public long firstTime = Long.MAX_VALUE;
  public double firstValue;
  public long lastTime = Long.MIN_VALUE;
  public double lastValue;

  public CounterSpan() {}

  /** Adds a counter value read at {@code time}. */
  public void add(long time, double value) {
    if (time < firstTime) {
      firstTime = time;
      firstValue = value;
    }
    if (time >= lastTime) {
      lastTime = time;
      lastValue = value;
    }
  }
}
