package io.meterwatch.core.standards;

/** What an outlet discharges into, and so how it is monitored and judged. */
public enum Medium {
  /** Flue gas: hourly averages at reference O2 judged by rule E1. */
  FLUE_GAS,
  /** Wastewater: daily averages judged by rule E2. */
  WASTEWATER
}
