package io.meterwatch.simulator.device;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Decimal rounding as devices print values (half-up), exact so that output is stable. */
final class Rounding {
  private static final double[] POWERS = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};

  private Rounding() {}

  static double round(double v, int decimals) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException("not a finite value: " + v);
    }
    if (decimals <= 6 && Math.abs(v) < 1e9) {
      double scale = POWERS[decimals];
      // half away from zero, like BigDecimal HALF_UP on the printed value
      return Math.signum(v) * Math.floor(Math.abs(v) * scale + 0.5) / scale;
    }
    return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
  }
}
