package io.meterwatch.core.standards;

import java.io.Serializable;
import java.time.LocalDate;

/**
 * A mandatory energy-consumption quota (e.g. GB 16780-2021 clinker). Level 3 is the mandatory
 * limit; levels 1 and 2 are the advanced values, kept for reporting.
 *
 * @param id catalogue id, e.g. {@code GB16780-2021-clinker-energy}
 * @param name human name
 * @param product the product the quota is per tonne of (e.g. {@code clinker})
 * @param indicator comprehensive energy or electricity
 * @param unit kgce/t or kWh/t
 * @param level1 level 1 (most advanced)
 * @param level2 level 2
 * @param level3 level 3, the mandatory limit
 * @param effectiveFrom first local day in force, {@code null} = always
 * @param effectiveTo first local day no longer in force (exclusive), {@code null} = open
 */
public record EnergyQuotaStandard(
    String id,
    String name,
    String product,
    EnergyIndicator indicator,
    String unit,
    double level1,
    double level2,
    double level3,
    LocalDate effectiveFrom,
    LocalDate effectiveTo)
    implements Serializable {

  /** Whether the quota is in force on a local day. */
  public boolean inForceOn(LocalDate day) {
    return (effectiveFrom == null || !day.isBefore(effectiveFrom))
        && (effectiveTo == null || day.isBefore(effectiveTo));
  }
}
