package io.meterwatch.core.standards;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A discharge standard for one source type, with its limits as versioned data.
 *
 * @param id catalogue id, e.g. {@code GB4915-2013} or {@code GB4915-2013-special}
 * @param name human name, e.g. "GB 4915-2013 cement kiln, special limits"
 * @param medium flue gas or wastewater
 * @param referenceO2 reference oxygen in volume % for flue gas, {@code null} for wastewater
 * @param unit unit of the limits (mg/m3 or mg/L)
 * @param limits every limit version of every parameter
 */
public record EmissionStandard(
    String id,
    String name,
    Medium medium,
    Double referenceO2,
    String unit,
    List<LimitVersion> limits)
    implements Serializable {

  public EmissionStandard {
    limits = List.copyOf(limits);
  }

  /** The limit for a parameter in force on a local day. */
  public Optional<Double> limitOn(String parameter, LocalDate day) {
    return limits.stream()
        .filter(l -> l.parameter().equals(parameter) && l.inForceOn(day))
        .map(LimitVersion::value)
        .findFirst();
  }

  /** The parameters this standard limits (on any day). */
  public List<String> parameters() {
    return limits.stream().map(LimitVersion::parameter).distinct().toList();
  }
}
