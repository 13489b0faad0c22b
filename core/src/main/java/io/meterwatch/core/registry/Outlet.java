package io.meterwatch.core.registry;

import io.meterwatch.core.standards.LimitVersion;
import io.meterwatch.core.standards.Medium;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A discharge outlet (stack or wastewater outlet) and the online meter (CEMS or water analyser) on
 * it.
 *
 * @param id outlet id, unique within the registry, e.g. {@code DA001}-style permit numbers
 * @param name human name
 * @param medium flue gas or wastewater
 * @param mn the meter's MN
 * @param password the device password (HJ 212 PW), or {@code null} when not checked
 * @param standard id of the applicable emission standard in the catalogue
 * @param referenceO2 reference O2 override in %, or {@code null} to use the standard's
 * @param limitOverrides per-pollutant limits that replace the standard's (permit limits), versioned
 *     like the standard's
 * @param annualLoadQuotaKg permitted annual load per pollutant in kg
 * @param detectors the outlet's overrides of the data verification detectors' settings (setting
 *     name, or {@code name.parameterCode}, to a number; docs/rules.md), empty when none
 */
public record Outlet(
    String id,
    String name,
    Medium medium,
    String mn,
    String password,
    String standard,
    Double referenceO2,
    List<LimitVersion> limitOverrides,
    Map<String, Double> annualLoadQuotaKg,
    Map<String, Double> detectors)
    implements Serializable {

  public Outlet {
    limitOverrides = limitOverrides == null ? List.of() : List.copyOf(limitOverrides);
    annualLoadQuotaKg = annualLoadQuotaKg == null ? Map.of() : Map.copyOf(annualLoadQuotaKg);
    detectors = detectors == null ? Map.of() : Map.copyOf(detectors);
  }

  /** An outlet without detector overrides. */
  public Outlet(
      String id,
      String name,
      Medium medium,
      String mn,
      String password,
      String standard,
      Double referenceO2,
      List<LimitVersion> limitOverrides,
      Map<String, Double> annualLoadQuotaKg) {
    this(
        id,
        name,
        medium,
        mn,
        password,
        standard,
        referenceO2,
        limitOverrides,
        annualLoadQuotaKg,
        null);
  }
}
