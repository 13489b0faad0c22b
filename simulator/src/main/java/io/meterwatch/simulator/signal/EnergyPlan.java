package io.meterwatch.simulator.signal;

import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.registry.EnergyMeter;
import io.meterwatch.core.registry.EnergyQuota;
import io.meterwatch.core.registry.Enterprise;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.standards.EnergyIndicator;
import io.meterwatch.core.standards.EnergyQuotaStandard;
import io.meterwatch.core.standards.StandardCoal;
import java.util.HashMap;
import java.util.Map;

/**
 * How much of each energy carrier an enterprise uses per tonne of product, chosen so that a clean
 * run lands at the baseline fraction of its mandatory quota (level 3, or the local override).
 *
 * <p>Comprehensive energy (kgce/t) is split as: electricity 15 % (or the electricity quota's share
 * when it has one), water 0.3 t/t, the rest shared equally by the fuel meters (coal, gas, diesel,
 * heat); with no fuel meter, electricity carries it all. Standard-coal coefficients are those of
 * GB/T 2589-2020 (domain facts).
 */
public final class EnergyPlan {
  private final double tonnesPerHour;
  private final Map<String, Double> perMeterPerTonne = new HashMap<>();

  private EnergyPlan(double tonnesPerHour) {
    this.tonnesPerHour = tonnesPerHour;
  }

  /** The plan of an enterprise at a baseline fraction of its quotas. */
  public static EnergyPlan of(Enterprise e, SiteRegistry registry, double baselineFraction) {
    EnergyPlan p = new EnergyPlan(40 + 160 * DeviceRandom.stableUnit(e.creditCode() + "/output"));
    Double energyLimit = null;
    Double electricityLimit = null;
    for (EnergyQuota q : e.energyQuotas()) {
      EnergyQuotaStandard s = registry.standards().energyQuota(q.standard()).orElse(null);
      if (s == null) {
        continue;
      }
      double limit = q.limitOverride() != null ? q.limitOverride() : s.level3();
      // the strictest quota of each indicator: every product of the enterprise stays below it
      if (s.indicator() == EnergyIndicator.ELECTRICITY) {
        electricityLimit = electricityLimit == null ? limit : Math.min(electricityLimit, limit);
      } else {
        energyLimit = energyLimit == null ? limit : Math.min(energyLimit, limit);
      }
    }
    double kwhPerTonne =
        electricityLimit != null
            ? baselineFraction * electricityLimit
            : energyLimit != null
                ? 0.15 * baselineFraction * energyLimit / kgce(ParameterCatalogue.ELECTRICITY)
                : 50;
    double kgcePerTonne = energyLimit != null ? baselineFraction * energyLimit : 100;
    double waterPerTonne = 0.3;

    Map<String, Integer> meters = new HashMap<>();
    for (EnergyMeter m : e.energyMeters()) {
      meters.merge(m.carrier(), 1, Integer::sum);
    }
    int fuelMeters = 0;
    for (Map.Entry<String, Integer> c : meters.entrySet()) {
      if (isFuel(c.getKey())) {
        fuelMeters += c.getValue();
      }
    }
    double electricityKgce =
        meters.containsKey(ParameterCatalogue.ELECTRICITY)
            ? kwhPerTonne * kgce(ParameterCatalogue.ELECTRICITY)
            : 0;
    double waterKgce =
        meters.containsKey(ParameterCatalogue.WATER)
            ? waterPerTonne * kgce(ParameterCatalogue.WATER)
            : 0;
    double fuelKgce = Math.max(0, kgcePerTonne - electricityKgce - waterKgce);
    if (fuelMeters == 0 && meters.containsKey(ParameterCatalogue.ELECTRICITY)) {
      kwhPerTonne += fuelKgce / kgce(ParameterCatalogue.ELECTRICITY);
    }
    for (EnergyMeter m : e.energyMeters()) {
      String c = m.carrier();
      int same = meters.get(c);
      double perTonne;
      if (c.equals(ParameterCatalogue.ELECTRICITY)) {
        perTonne = kwhPerTonne / same;
      } else if (c.equals(ParameterCatalogue.WATER)) {
        perTonne = waterPerTonne / same;
      } else if (isFuel(c)) {
        perTonne = fuelKgce / fuelMeters / StandardCoal.coefficient(c).orElseThrow();
      } else {
        perTonne = 1.0 / same; // an unknown carrier: something, so the meter is alive
      }
      p.perMeterPerTonne.put(m.mn(), perTonne);
    }
    return p;
  }

  private static double kgce(String carrier) {
    return StandardCoal.coefficient(carrier).orElseThrow();
  }

  private static boolean isFuel(String carrier) {
    return carrier.equals(ParameterCatalogue.COAL)
        || carrier.equals(ParameterCatalogue.NATURAL_GAS)
        || carrier.equals(ParameterCatalogue.DIESEL)
        || carrier.equals(ParameterCatalogue.HEAT);
  }

  /** Product output at full load, t/h. */
  public double tonnesPerHour() {
    return tonnesPerHour;
  }

  /** Units of its carrier one energy meter counts per tonne of product. */
  public double perTonne(String energyMeterMn) {
    return perMeterPerTonne.getOrDefault(energyMeterMn, 0.0);
  }
}
