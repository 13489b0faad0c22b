package io.meterwatch.simulator.device;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the counters of each enterprise really counted, per local month: the ground truth of energy
 * per tonne (rule Q1), whatever happened to the messages on the way.
 */
public final class EnergyLedger {
  private final Map<String, Map<String, Map<String, Double>>> byEnterprise = new TreeMap<>();

  /** Adds an increment of a carrier (or product) for an enterprise in a month ({@code 2025-03}). */
  public void add(String enterprise, String month, String code, double amount) {
    byEnterprise
        .computeIfAbsent(enterprise, k -> new TreeMap<>())
        .computeIfAbsent(month, k -> new TreeMap<>())
        .merge(code, amount, Double::sum);
  }

  /** Enterprise -> month -> code -> amount counted. */
  public Map<String, Map<String, Map<String, Double>>> totals() {
    return byEnterprise;
  }
}
