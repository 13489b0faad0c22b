package io.meterwatch.simulator.device;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Decimal rounding as devices print values (half-up), exact so that output is stable. */
final class Rounding {
  private Rounding() {}

  static double round(double v, int decimals) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException("not a finite value: " + v);
    }
    return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
  }
}
