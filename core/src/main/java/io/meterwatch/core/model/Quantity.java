package io.meterwatch.core.model;

/** What a parameter measures, which decides how rules and detectors treat it. */
public enum Quantity {
  /** A pollutant concentration (mg/m3 in flue gas, mg/L in water). */
  CONCENTRATION,
  /** Oxygen content of the flue gas, volume %. */
  OXYGEN,
  /** Flue-gas (m3/s) or wastewater (L/s) flow; its Cou is the period volume in m3. */
  FLOW,
  /** pH of wastewater, dimensionless. */
  PH,
  /** Flue-gas condition: temperature, pressure, humidity, velocity. */
  CONDITION,
  /** Ambient weather or air-quality values from air stations. */
  AMBIENT,
  /** An energy carrier counter (electricity, coal, gas, water). */
  ENERGY,
  /** A production output counter. */
  PRODUCTION,
  /** Equipment state ({@code SBxxx-RS}, {@code SBxxx-RT}). */
  EQUIPMENT
}
