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
  private transient Map<String, DetectorConfig> cache;

  OutletSettings(DetectorConfig config) {
    this.config = config;
  }

  DetectorConfig forMeter(MeterRef ref, String mn) {
    if (ref.outlet() == null || ref.outlet().detectors().isEmpty()) {
      return config;
    }
    if (cache == null) {
      cache = new HashMap<>();
    }
    return cache.computeIfAbsent(mn, k -> config.withOverrides(ref.outlet().detectors()));
  }
}
