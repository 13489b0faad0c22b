package io.meterwatch.core.registry;

import java.io.Serializable;

/**
 * A cumulative production-output meter (weighbridge, belt scale) of an enterprise.
 *
 * @param mn the meter's MN
 * @param password the device password, or {@code null}
 * @param product the product it counts, matching an energy quota's product (e.g. {@code clinker})
 * @param unit the counter's unit (t)
 */
public record ProductionMeter(String mn, String password, String product, String unit)
    implements Serializable {}
