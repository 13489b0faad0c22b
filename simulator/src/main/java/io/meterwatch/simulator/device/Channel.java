package io.meterwatch.simulator.device;

/**
 * One parameter a device reports and how it is written.
 *
 * @param code HJ 212-2017 parameter code
 * @param role what it is, which decides the suffixes of its aggregates
 * @param decimals digits after the point the device rounds to
 */
record Channel(String code, Role role, int decimals) {

  /** What a channel measures. */
  enum Role {
    /** Flue-gas pollutant: Rtd and ZsRtd; aggregates with Zs values and Cou (kg). */
    GAS_POLLUTANT,
    /** Wastewater pollutant: Rtd; aggregates with Cou (kg). */
    WATER_POLLUTANT,
    /** Flue-gas (m3/s) or wastewater (L/s) flow: aggregates with Cou (m3). */
    FLOW,
    /** O2, temperature, pressure, humidity, pH: Avg/Min/Max only. */
    PLAIN
  }

  /** Rounds a value the way the device writes it. */
  double round(double v) {
    return Rounding.round(v, decimals);
  }
}
