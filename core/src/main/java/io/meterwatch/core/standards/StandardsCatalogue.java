package io.meterwatch.core.standards;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every emission standard and energy quota meterwatch can judge against, by id. The default
 * catalogue (the limits of the domain facts) ships as a resource and is loaded by {@code
 * StandardsLoader}; a registry may bring its own.
 */
public record StandardsCatalogue(
    Map<String, EmissionStandard> emission, Map<String, EnergyQuotaStandard> energy)
    implements Serializable {

  public StandardsCatalogue {
    emission = Collections.unmodifiableMap(new LinkedHashMap<>(emission));
    energy = Collections.unmodifiableMap(new LinkedHashMap<>(energy));
  }

  public Optional<EmissionStandard> emissionStandard(String id) {
    return Optional.ofNullable(emission.get(id));
  }

  public Optional<EnergyQuotaStandard> energyQuota(String id) {
    return Optional.ofNullable(energy.get(id));
  }
}
