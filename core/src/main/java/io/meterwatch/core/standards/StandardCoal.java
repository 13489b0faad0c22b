package io.meterwatch.core.standards;

import io.meterwatch.core.model.ParameterCatalogue;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Standard-coal coefficients of GB/T 2589-2020 (equivalent values), per unit of each energy carrier
 * as the {@link ParameterCatalogue} counts it, and the comprehensive-energy arithmetic of the
 * energy quotas (kgce = Σ amount × coefficient).
 *
 * <table>
 *   <caption>coefficients</caption>
 *   <tr><th>carrier</th><th>code</th><th>standard value</th><th>per catalogue unit</th></tr>
 *   <tr><td>electricity</td><td>e01001</td><td>0.1229 kgce/kWh</td><td>0.1229 per kWh</td></tr>
 *   <tr><td>raw coal</td><td>e02001</td><td>0.7143 kgce/kg</td><td>714.3 per t</td></tr>
 *   <tr><td>natural gas</td><td>e03001</td><td>1.2143 kgce/m3</td><td>1.2143 per m3</td></tr>
 *   <tr><td>water</td><td>e04001</td><td>0.2571 kgce/t</td><td>0.2571 per t</td></tr>
 *   <tr><td>diesel</td><td>e05001</td><td>1.4571 kgce/kg</td><td>1457.1 per t</td></tr>
 *   <tr><td>heat</td><td>e06001</td><td>0.03412 kgce/MJ</td><td>0.03412 per MJ</td></tr>
 * </table>
 *
 * Gasoline (1.4714 kgce/kg) has no meter code in the catalogue and so no entry here.
 */
public final class StandardCoal {

  private static final Map<String, Double> KGCE_PER_UNIT =
      Map.of(
          ParameterCatalogue.ELECTRICITY, 0.1229,
          ParameterCatalogue.COAL, 714.3,
          ParameterCatalogue.NATURAL_GAS, 1.2143,
          ParameterCatalogue.WATER, 0.2571,
          ParameterCatalogue.DIESEL, 1457.1,
          ParameterCatalogue.HEAT, 0.03412);

  private StandardCoal() {}

  /** kgce per catalogue unit of a carrier, empty for a code that is not an energy carrier. */
  public static OptionalDouble coefficient(String carrier) {
    Double c = KGCE_PER_UNIT.get(carrier);
    return c == null ? OptionalDouble.empty() : OptionalDouble.of(c);
  }

  /** Every carrier code with its coefficient. */
  public static Map<String, Double> coefficients() {
    return KGCE_PER_UNIT;
  }

  /**
   * Standard coal in kgce for an amount of a carrier in its catalogue unit.
   *
   * @throws IllegalArgumentException for a code that is not an energy carrier
   */
  public static double kgce(String carrier, double amount) {
    Double c = KGCE_PER_UNIT.get(carrier);
    if (c == null) {
      throw new IllegalArgumentException("no standard-coal coefficient for " + carrier);
    }
    return amount * c;
  }

  /**
   * Comprehensive energy in kgce of amounts per carrier (e.g. a month's electricity and coal).
   *
   * @throws IllegalArgumentException for a code that is not an energy carrier
   */
  public static double kgce(Map<String, Double> amountsByCarrier) {
    double sum = 0;
    for (Map.Entry<String, Double> e : amountsByCarrier.entrySet()) {
      sum += kgce(e.getKey(), e.getValue());
    }
    return sum;
  }
}
