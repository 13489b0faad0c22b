package io.meterwatch.jobs.cases;

import io.meterwatch.core.registry.Enterprise;
import io.meterwatch.core.registry.SiteRegistry;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * Where the case manager finds the enterprise name a case opens with (shown on its case events).
 */
@FunctionalInterface
public interface EnterpriseNames extends Serializable {

  /** The name of the enterprise with this credit code, or {@code null} when it is unknown. */
  String nameOf(String creditCode);

  /** The names of a fixed map (tests; jobs whose registry never changes). */
  static EnterpriseNames of(Map<String, String> names) {
    HashMap<String, String> copy = new HashMap<>(names);
    return copy::get;
  }

  /**
   * The names of the registry version in force when a case opens: {@code registry} follows the
   * job's registry channel (docs/registry.md), so an enterprise added by a later version has its
   * name on its first case without a restart. One lookup per opened case, not per reading.
   */
  static EnterpriseNames inForce(SiteRegistry registry) {
    return creditCode -> registry.enterprise(creditCode).map(Enterprise::name).orElse(null);
  }
}
