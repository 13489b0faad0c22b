package io.meterwatch.jobs.quality;

import io.meterwatch.core.quality.DetectorConfig;
import io.meterwatch.core.registry.MeterRef;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * The detector settings of each meter: the job's {@link DetectorConfig} with the outlet's registry
 * overrides applied, resolved once per meter and cached.
 */
final class OutletSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  private final DetectorConfig config;
  private transient Map<String, Resolved> cache;

  private record Resolved(Object overrides, DetectorConfig config) {}

  OutletSettings(DetectorConfig config) {
    this.config = config;
  }

  /** The job's settings, without an outlet's overrides. */
  DetectorConfig base() {
    return config;
  }

  DetectorConfig forMeter(MeterRef ref, String mn) {
    if (ref.outlet() == null || ref.outlet().detectors().isEmpty()) {
      return config;
    }
    if (cache == null) {
      cache = new HashMap<>();
    }
    Resolved r = cache.get(mn);
    // a registry version publishes new outlet objects: derive again when the overrides changed
    if (r == null || r.overrides != ref.outlet().detectors()) {
      r = new Resolved(ref.outlet().detectors(), config.withOverrides(ref.outlet().detectors()));
      cache.put(mn, r);
    }
    return r.config;
  }
}
