package io.meterwatch.core.standards;

/** What an energy-consumption quota measures per tonne of product. */
public enum EnergyIndicator {
  /**
   * Comprehensive energy consumption, kgce per tonne (all carriers at standard-coal coefficients).
   */
  COMPREHENSIVE_ENERGY,
  /** Electricity, kWh per tonne. */
  ELECTRICITY
}
