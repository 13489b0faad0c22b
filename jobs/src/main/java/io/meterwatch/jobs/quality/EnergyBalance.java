package io.meterwatch.jobs.quality;

/**
 * D10's memory of one enterprise: the comprehensive energy of its last production days (a ring),
 * whose mean is the reference an idle day is compared with, and its latest data time. A Flink POJO.
 */
public class EnergyBalance {
  /** Energy in kgce of the last production days. */
  public double[] recentKgce;

  /** Days in the ring. */
  public int count;

  /** Next ring slot. */
  public int next;

  /** Latest data time of any counter reading of the enterprise. */
  public long lastDataTime = Long.MIN_VALUE;

  /**
   * The pending event-time timer that drops the enterprise's state: the end of the local month of
   * its latest data plus {@code quietRetention}; {@link Long#MIN_VALUE} when none.
   */
  public long cleanupTimer = Long.MIN_VALUE;

  public EnergyBalance() {}

  static EnergyBalance create(int days) {
    EnergyBalance b = new EnergyBalance();
    b.recentKgce = new double[days];
    return b;
  }

  /** The mean energy of the production days remembered, NaN when none. */
  double reference() {
    if (count == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (int i = 0; i < count; i++) {
      sum += recentKgce[i];
    }
    return sum / count;
  }

  void addProductionDay(double kgce) {
    recentKgce[next] = kgce;
    next = (next + 1) % recentKgce.length;
    count = Math.min(count + 1, recentKgce.length);
  }
}
