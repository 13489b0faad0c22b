package io.meterwatch.core.registry;

/**
 * A registry and the version number it was published as (0: the registry given at start, in force
 * while the registry topic has no version).
 */
public record RegistryInForce(long version, SiteRegistry registry) {}
