package io.meterwatch.core.registry;

import java.io.Serializable;

/**
 * An energy-consumption quota an enterprise's product is judged against.
 *
 * @param product the product (matches a production meter's product)
 * @param standard id of the quota in the standards catalogue
 * @param limitOverride a stricter local limit replacing level 3, or {@code null}
 */
public record EnergyQuota(String product, String standard, Double limitOverride)
    implements Serializable {}
