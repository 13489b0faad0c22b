package io.meterwatch.core.registry;

import java.io.Serializable;

/**
 * A cumulative energy meter of an enterprise.
 *
 * @param mn the meter's MN
 * @param password the device password, or {@code null}
 * @param carrier the parameter code of the carrier it counts ({@code e01001} electricity, ...)
 * @param unit the counter's unit (kWh, t, m3, MJ)
 */
public record EnergyMeter(String mn, String password, String carrier, String unit)
    implements Serializable {}
