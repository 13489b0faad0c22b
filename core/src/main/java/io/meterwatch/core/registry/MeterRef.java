package io.meterwatch.core.registry;

import java.io.Serializable;

/**
 * What a meter MN stands for in the registry: exactly one of outlet, energy meter or production
 * meter is set.
 */
public record MeterRef(
    Enterprise enterprise, Outlet outlet, EnergyMeter energyMeter, ProductionMeter productionMeter)
    implements Serializable {

  /** The device password configured for this meter, or {@code null}. */
  public String password() {
    if (outlet != null) {
      return outlet.password();
    }
    if (energyMeter != null) {
      return energyMeter.password();
    }
    return productionMeter.password();
  }
}
