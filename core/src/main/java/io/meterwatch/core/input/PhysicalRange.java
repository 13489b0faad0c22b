package io.meterwatch.core.input;

import io.meterwatch.core.model.Parameter;
import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.model.Reading;
import io.meterwatch.core.model.Sample;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The physical-range check of a reading: every level value ({@code Rtd, Avg, Min, Max} and their
 * converted {@code Zs...} forms) of a catalogued parameter must lie within the parameter's physical
 * range ({@link Parameter#isPhysical}). Cumulative amounts ({@code Cou}) have a different unit (an
 * amount per period, not a level) and equipment values ({@code RS, RT}) no range, so they are not
 * judged; neither are parameters the catalogue does not know.
 */
public final class PhysicalRange {
  /** The suffixes whose value is a level in the parameter's unit. */
  public static final Set<String> LEVEL_SUFFIXES =
      Set.of(
          Sample.RTD,
          Sample.AVG,
          Sample.MIN,
          Sample.MAX,
          Sample.ZS_RTD,
          Sample.ZS_AVG,
          Sample.ZS_MIN,
          Sample.ZS_MAX);

  private PhysicalRange() {}

  /**
   * Checks a reading.
   *
   * @throws RejectedInputException {@link ReasonCode#IMPOSSIBLE_VALUE} naming the first value
   *     outside its parameter's range
   */
  public static void check(Reading r) throws RejectedInputException {
    Optional<String> problem = firstImpossible(r);
    if (problem.isPresent()) {
      throw new RejectedInputException(ReasonCode.IMPOSSIBLE_VALUE, problem.get());
    }
  }

  /** A description of the first value outside its parameter's range, or empty. */
  public static Optional<String> firstImpossible(Reading r) {
    for (Sample s : r.samples().values()) {
      Optional<Parameter> p = ParameterCatalogue.byCode(s.code());
      if (p.isEmpty()) {
        continue;
      }
      for (Map.Entry<String, Double> v : s.values().entrySet()) {
        if (LEVEL_SUFFIXES.contains(v.getKey()) && !p.get().isPhysical(v.getValue())) {
          return Optional.of(
              s.sentCode()
                  + "-"
                  + v.getKey()
                  + "="
                  + v.getValue()
                  + " is outside the physical range of "
                  + p.get().name()
                  + " ["
                  + p.get().physicalMin()
                  + ", "
                  + p.get().physicalMax()
                  + "] "
                  + p.get().unit());
        }
      }
    }
    return Optional.empty();
  }
}
