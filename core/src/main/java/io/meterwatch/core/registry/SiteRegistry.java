package io.meterwatch.core.registry;

import io.meterwatch.core.standards.EmissionStandard;
import io.meterwatch.core.standards.LimitVersion;
import io.meterwatch.core.standards.StandardsCatalogue;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The supervised city: counties, enterprises and their meters, with the standards they are judged
 * against. Immutable; build it with {@code RegistryLoader} (YAML, docs/registry.md).
 *
 * <p>A registry made by {@link #following} reads through a {@link RegistryChannel}: every lookup
 * answers from the version in force on the channel in this JVM, or from its own contents until a
 * version is installed there. That is how the operators of a running job see a registry version
 * published while it runs (docs/registry.md, "Versions while everything runs").
 */
public final class SiteRegistry implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<String, County> counties;
  private final List<Enterprise> enterprises;
  private final StandardsCatalogue standards;
  private final Map<String, MeterRef> byMn;

  /** JSON uploads for meters without their own setting. */
  private final JsonUploads jsonDefault;

  /** Meters with their own JSON setting. */
  private final Map<String, JsonUploads> jsonByMn;

  /** The channel this registry reads through, {@code null} for its own contents. */
  private final String channel;

  /** The channel's slot, looked up on first use (a copy made by deserialization starts empty). */
  private transient volatile java.util.concurrent.atomic.AtomicReference<RegistryInForce> slot;

  public SiteRegistry(
      List<County> counties, List<Enterprise> enterprises, StandardsCatalogue standards) {
    this(counties, enterprises, standards, JsonUploads.ALLOWED, Map.of());
  }

  /**
   * A registry with JSON uploads set globally ({@code jsonDefault}) and per meter ({@code
   * jsonByMn}, MN to setting, over the global one).
   */
  public SiteRegistry(
      List<County> counties,
      List<Enterprise> enterprises,
      StandardsCatalogue standards,
      JsonUploads jsonDefault,
      Map<String, JsonUploads> jsonByMn) {
    this.jsonDefault = java.util.Objects.requireNonNull(jsonDefault, "jsonDefault");
    this.jsonByMn = Map.copyOf(jsonByMn);
    Map<String, County> c = new LinkedHashMap<>();
    counties.forEach(x -> c.put(x.id(), x));
    this.counties = Collections.unmodifiableMap(c);
    this.enterprises = List.copyOf(enterprises);
    this.standards = standards;
    Map<String, MeterRef> idx = new HashMap<>();
    for (Enterprise e : enterprises) {
      e.outlets().forEach(o -> idx.put(o.mn(), new MeterRef(e, o, null, null)));
      e.energyMeters().forEach(m -> idx.put(m.mn(), new MeterRef(e, null, m, null)));
      e.productionMeters().forEach(m -> idx.put(m.mn(), new MeterRef(e, null, null, m)));
    }
    this.byMn = Collections.unmodifiableMap(idx);
    this.channel = null;
  }

  private SiteRegistry(SiteRegistry contents, String channel) {
    this.counties = contents.counties;
    this.enterprises = contents.enterprises;
    this.standards = contents.standards;
    this.byMn = contents.byMn;
    this.jsonDefault = contents.jsonDefault;
    this.jsonByMn = contents.jsonByMn;
    this.channel = channel;
  }

  /**
   * A registry that answers from the version in force on {@code channel}, and from this registry's
   * contents until one is installed.
   */
  public SiteRegistry following(String channel) {
    return new SiteRegistry(contents(), java.util.Objects.requireNonNull(channel, "channel"));
  }

  /** This registry's own contents, not following a channel. */
  public SiteRegistry contents() {
    return channel == null ? this : new SiteRegistry(this, null);
  }

  /**
   * The registry version lookups answer from: the one in force on the channel, or 0 for a registry
   * that does not follow one (or before a version was installed). Callers that cache what they
   * derive from the registry compare it to know when to derive again.
   */
  public long version() {
    if (channel == null) {
      return 0;
    }
    RegistryInForce f = slot().get();
    return f == null ? 0 : f.version();
  }

  /** The registry lookups answer from. */
  private SiteRegistry inForce() {
    if (channel == null) {
      return this;
    }
    RegistryInForce f = slot().get();
    return f == null ? this : f.registry();
  }

  private java.util.concurrent.atomic.AtomicReference<RegistryInForce> slot() {
    java.util.concurrent.atomic.AtomicReference<RegistryInForce> s = slot;
    if (s == null) {
      s = RegistryChannel.slot(channel);
      slot = s;
    }
    return s;
  }

  /**
   * The same registry without device passwords: what the job carries in its serialized graph, since
   * only the bridge checks passwords (docs/security.md). Follows the same channel.
   */
  public SiteRegistry withoutPasswords() {
    SiteRegistry c = contents();
    List<Enterprise> stripped = new java.util.ArrayList<>();
    for (Enterprise e : c.enterprises) {
      stripped.add(
          new Enterprise(
              e.creditCode(),
              e.name(),
              e.nameEn(),
              e.county(),
              e.industry(),
              e.outlets().stream()
                  .map(
                      o ->
                          new Outlet(
                              o.id(),
                              o.name(),
                              o.medium(),
                              o.mn(),
                              null,
                              o.standard(),
                              o.referenceO2(),
                              o.limitOverrides(),
                              o.annualLoadQuotaKg(),
                              o.detectors()))
                  .toList(),
              e.energyMeters().stream()
                  .map(m -> new EnergyMeter(m.mn(), null, m.carrier(), m.unit()))
                  .toList(),
              e.productionMeters().stream()
                  .map(m -> new ProductionMeter(m.mn(), null, m.product(), m.unit()))
                  .toList(),
              e.energyQuotas()));
    }
    SiteRegistry out =
        new SiteRegistry(
            List.copyOf(c.counties.values()), stripped, c.standards, c.jsonDefault, c.jsonByMn);
    return channel == null ? out : out.following(channel);
  }

  /** Whether the bridge takes JSON uploads from meter {@code mn} (its own setting, else global). */
  public boolean jsonAllowed(String mn) {
    SiteRegistry r = inForce();
    return r.jsonByMn.getOrDefault(mn, r.jsonDefault) == JsonUploads.ALLOWED;
  }

  /** The global JSON setting ({@code uploads.json}). */
  public JsonUploads jsonUploads() {
    return inForce().jsonDefault;
  }

  /** The meters with their own JSON setting, MN to setting. */
  public Map<String, JsonUploads> jsonByMeter() {
    return inForce().jsonByMn;
  }

  public Map<String, County> counties() {
    return inForce().counties;
  }

  public List<Enterprise> enterprises() {
    return inForce().enterprises;
  }

  public StandardsCatalogue standards() {
    return inForce().standards;
  }

  /** What an MN stands for, empty for a meter the registry does not know. */
  public Optional<MeterRef> meter(String mn) {
    return Optional.ofNullable(inForce().byMn.get(mn));
  }

  /** Every MN in the registry. */
  public java.util.Set<String> meterNumbers() {
    return inForce().byMn.keySet();
  }

  /** The enterprise with a credit code. */
  public Optional<Enterprise> enterprise(String creditCode) {
    return inForce().enterprises.stream()
        .filter(e -> e.creditCode().equals(creditCode))
        .findFirst();
  }

  /**
   * The limit in force for a pollutant at an outlet on a local day: the outlet's override when one
   * is in force, else its standard's.
   */
  public Optional<Double> limitOn(Outlet outlet, String parameter, LocalDate day) {
    for (LimitVersion v : outlet.limitOverrides()) {
      if (v.parameter().equals(parameter) && v.inForceOn(day)) {
        return Optional.of(v.value());
      }
    }
    return inForce()
        .standards
        .emissionStandard(outlet.standard())
        .flatMap(s -> s.limitOn(parameter, day));
  }

  /** The reference O2 in % for a flue-gas outlet: its override, else its standard's. */
  public Optional<Double> referenceO2(Outlet outlet) {
    if (outlet.referenceO2() != null) {
      return Optional.of(outlet.referenceO2());
    }
    return inForce()
        .standards
        .emissionStandard(outlet.standard())
        .map(EmissionStandard::referenceO2);
  }
}
