package io.meterwatch.core.rules;

/** Where an hourly value was computed from (docs/rules.md, "Device aggregates"). */
public enum HourSource {
  /** From the device's real-time data (CN 2011), the normal case. */
  REAL_TIME,
  /** From the device's minute data (CN 2051): the hour had no real-time data. */
  DEVICE_MINUTE,
  /** The device's own hourly average (CN 2061): the hour had neither real-time nor minute data. */
  DEVICE_HOUR
}
