package io.meterwatch.core.model;

/**
 * A monitored parameter of the catalogue.
 *
 * @param code HJ 212-2017 code (or the meterwatch code for energy and production counters)
 * @param code2005 the HJ 212-2005 code, or {@code null} when there is none
 * @param name English name
 * @param nameZh Chinese name
 * @param unit unit of Rtd/Avg/Min/Max values
 * @param quantity what it measures
 * @param physicalMin smallest physically possible value (inclusive)
 * @param physicalMax largest physically possible value (inclusive); a bridge rejects values outside
 * @param detectionLimit about the lowest value online analysers of this parameter resolve, in its
 *     unit, or {@code null} when not a concentration: what "near zero" means for it (D6)
 */
public record Parameter(
    String code,
    String code2005,
    String name,
    String nameZh,
    String unit,
    Quantity quantity,
    double physicalMin,
    double physicalMax,
    Double detectionLimit) {

  /** Whether a value lies within the physically possible range. */
  public boolean isPhysical(double value) {
    return value >= physicalMin && value <= physicalMax;
  }
}
