package io.meterwatch.core.registry;

import java.io.Serializable;
import java.util.List;

/**
 * A supervised enterprise and its meters.
 *
 * @param creditCode unified social credit code (统一社会信用代码), the enterprise's key
 * @param name Chinese name as registered
 * @param nameEn English name for English-language displays
 * @param county id of the county that supervises it
 * @param industry industry, e.g. {@code cement}, {@code non-ferrous}, {@code chemical}
 * @param outlets discharge outlets with their online meters
 * @param energyMeters energy meters
 * @param productionMeters production-output meters
 * @param energyQuotas quotas its products are judged against
 */
public record Enterprise(
    String creditCode,
    String name,
    String nameEn,
    String county,
    String industry,
    List<Outlet> outlets,
    List<EnergyMeter> energyMeters,
    List<ProductionMeter> productionMeters,
    List<EnergyQuota> energyQuotas)
    implements Serializable {

  public Enterprise {
    outlets = outlets == null ? List.of() : List.copyOf(outlets);
    energyMeters = energyMeters == null ? List.of() : List.copyOf(energyMeters);
    productionMeters = productionMeters == null ? List.of() : List.copyOf(productionMeters);
    energyQuotas = energyQuotas == null ? List.of() : List.copyOf(energyQuotas);
  }
}
