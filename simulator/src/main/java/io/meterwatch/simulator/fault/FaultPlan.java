package io.meterwatch.simulator.fault;

import io.meterwatch.core.model.DataFlag;
import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.registry.Enterprise;
import io.meterwatch.core.registry.MeterRef;
import io.meterwatch.core.registry.Outlet;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.standards.Medium;
import io.meterwatch.core.time.DurationText;
import io.meterwatch.simulator.scenario.FaultKind;
import io.meterwatch.simulator.scenario.FaultSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The faults of a scenario resolved against a registry and a start time, indexed by device. Every
 * problem is reported with the fault's id and what to write instead.
 */
public final class FaultPlan {
  /** Variants of a malformed fault. */
  public static final List<String> MALFORMED_VARIANTS =
      List.of("bad-crc", "wrong-length", "truncated", "bad-json");

  /** Variants of a spoofed-mn fault. */
  public static final List<String> SPOOF_VARIANTS = List.of("payload-mn", "foreign-topic");

  private static final Set<FaultKind> COUNTED =
      EnumSet.of(FaultKind.MALFORMED, FaultKind.SPOOFED_MN);

  private final List<Fault> faults;
  private final Map<String, List<Fault>> byMn;
  private final Map<String, List<Fault>> byEnterprise;

  private FaultPlan(List<Fault> faults) {
    this.faults = List.copyOf(faults);
    Map<String, List<Fault>> m = new HashMap<>();
    Map<String, List<Fault>> e = new HashMap<>();
    for (Fault f : faults) {
      if (f.mn() != null) {
        m.computeIfAbsent(f.mn(), k -> new ArrayList<>()).add(f);
      } else {
        e.computeIfAbsent(f.enterprise(), k -> new ArrayList<>()).add(f);
      }
    }
    this.byMn = m;
    this.byEnterprise = e;
  }

  /** Every fault, in scenario order. */
  public List<Fault> faults() {
    return faults;
  }

  /** The faults acting on one device. */
  public List<Fault> forMn(String mn) {
    return byMn.getOrDefault(mn, List.of());
  }

  /** The enterprise-wide faults of an enterprise (energy-quota breaches). */
  public List<Fault> forEnterprise(String creditCode) {
    return byEnterprise.getOrDefault(creditCode, List.of());
  }

  /**
   * Resolves scenario faults.
   *
   * @param end the end of the run: count-based faults without a duration last until then
   * @throws IllegalArgumentException naming the fault and the problem
   */
  public static FaultPlan resolve(
      List<FaultSpec> specs, SiteRegistry registry, Instant start, Instant end) {
    List<Fault> out = new ArrayList<>();
    Set<String> ids = new java.util.HashSet<>();
    List<String> allMns = deviceOrder(registry);
    for (int i = 0; i < specs.size(); i++) {
      FaultSpec s = specs.get(i);
      String label = s.id() != null ? s.id() : "fault #" + (i + 1);
      try {
        Fault f = resolveOne(s, i, registry, start, end, allMns);
        if (f == null) {
          continue; // starts after a shortened run ends: not injected, not listed
        }
        if (!ids.add(f.id())) {
          throw new IllegalArgumentException("id " + f.id() + " is used twice");
        }
        out.add(f);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(label + ": " + e.getMessage(), e);
      }
    }
    return new FaultPlan(out);
  }

  /**
   * Every device MN in registry order: outlets, energy meters, production meters per enterprise.
   */
  public static List<String> deviceOrder(SiteRegistry registry) {
    List<String> mns = new ArrayList<>();
    for (Enterprise e : registry.enterprises()) {
      e.outlets().forEach(o -> mns.add(o.mn()));
      e.energyMeters().forEach(m -> mns.add(m.mn()));
      e.productionMeters().forEach(m -> mns.add(m.mn()));
    }
    return Collections.unmodifiableList(mns);
  }

  private static Fault resolveOne(
      FaultSpec s,
      int index,
      SiteRegistry registry,
      Instant start,
      Instant end,
      List<String> allMns) {
    if (s.kind() == null) {
      throw new IllegalArgumentException("'kind' is required");
    }
    FaultKind kind = FaultKind.fromLabel(s.kind());
    String id = s.id() != null ? s.id() : String.format("f%02d-%s", index + 1, kind.label());
    if (s.enterprise() == null) {
      throw new IllegalArgumentException("'enterprise' (credit code) is required");
    }
    Enterprise ent =
        registry
            .enterprise(s.enterprise())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "enterprise " + s.enterprise() + " is not in the registry"));
    Instant from = start.plus(s.at() == null ? Duration.ZERO : DurationText.parse(s.at()));
    if (!from.isBefore(end)) {
      return null;
    }
    Instant to;
    if (s.duration() != null) {
      to = from.plus(DurationText.parse(s.duration()));
    } else if (COUNTED.contains(kind)) {
      to = end;
    } else {
      throw new IllegalArgumentException("'duration' is required for " + kind.label());
    }
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("'duration' must be positive");
    }

    String subject = null;
    String mn = null;
    Outlet outlet = null;
    if (kind == FaultKind.ENERGY_QUOTA_BREACH) {
      if (s.outlet() != null || s.meter() != null) {
        throw new IllegalArgumentException(
            "energy-quota-breach acts on the whole enterprise: drop 'outlet' and 'meter'");
      }
      if (ent.energyMeters().isEmpty() || ent.productionMeters().isEmpty()) {
        throw new IllegalArgumentException(
            "enterprise " + ent.creditCode() + " has no energy and production meters");
      }
    } else if (s.outlet() != null) {
      outlet =
          ent.outlets().stream()
              .filter(o -> o.id().equals(s.outlet()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "outlet " + s.outlet() + " is not an outlet of " + ent.creditCode()));
      subject = outlet.id();
      mn = outlet.mn();
    } else if (s.meter() != null) {
      MeterRef ref =
          registry
              .meter(s.meter())
              .filter(r -> r.enterprise().creditCode().equals(ent.creditCode()))
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "meter " + s.meter() + " is not a meter of " + ent.creditCode()));
      outlet = ref.outlet();
      subject = outlet != null ? outlet.id() : s.meter();
      mn = s.meter();
    } else {
      throw new IllegalArgumentException("'outlet' or 'meter' is required for " + kind.label());
    }

    String parameter = s.parameter() == null ? null : ParameterCatalogue.normalize(s.parameter());
    double factor = s.factor() == null ? Double.NaN : s.factor();
    DataFlag flag = null;
    Duration offset = null;
    String variant = s.variant();
    int count = s.count() == null ? 1 : s.count();
    String victim = null;
    int window = s.window() == null ? 10 : s.window();

    switch (kind) {
      case EXCEEDANCE -> {
        requireOutlet(kind, outlet);
        if (parameter == null || Double.isNaN(factor) || factor <= 1) {
          throw new IllegalArgumentException(
              "exceedance needs 'parameter' and 'factor' > 1 (multiple of the limit)");
        }
      }
      case ZERO_DROP -> requireOutlet(kind, outlet);
      case DILUTION -> {
        requireOutlet(kind, outlet);
        if (outlet.medium() != Medium.FLUE_GAS) {
          throw new IllegalArgumentException("dilution needs a flue-gas outlet");
        }
      }
      case FLAGS -> {
        flag =
            DataFlag.fromCode(s.flag())
                .filter(fl -> "MCDFS".contains(fl.name()))
                .orElseThrow(
                    () -> new IllegalArgumentException("'flag' must be one of M, C, D, F, S"));
      }
      case CLOCK_SKEW -> {
        if (s.offset() == null) {
          throw new IllegalArgumentException("clock-skew needs 'offset', e.g. 2h or -90m");
        }
        offset = DurationText.parse(s.offset());
      }
      case MALFORMED -> {
        if (!MALFORMED_VARIANTS.contains(variant)) {
          throw new IllegalArgumentException("'variant' must be one of " + MALFORMED_VARIANTS);
        }
      }
      case SPOOFED_MN -> {
        if (!SPOOF_VARIANTS.contains(variant)) {
          throw new IllegalArgumentException("'variant' must be one of " + SPOOF_VARIANTS);
        }
        victim = s.victim();
        if (victim == null) {
          int at = allMns.indexOf(mn);
          victim = allMns.get((at + 1) % allMns.size());
        } else if (registry.meter(victim).isEmpty()) {
          throw new IllegalArgumentException("victim " + victim + " is not in the registry");
        }
        if (victim.equals(mn)) {
          throw new IllegalArgumentException("victim must be another device");
        }
      }
      case ENERGY_QUOTA_BREACH -> {
        if (Double.isNaN(factor) || factor <= 0) {
          throw new IllegalArgumentException("energy-quota-breach needs 'factor' > 0");
        }
      }
      case OUT_OF_ORDER -> {
        if (window < 2) {
          throw new IllegalArgumentException("'window' must be at least 2");
        }
      }
      default -> {}
    }
    if (count < 1) {
      throw new IllegalArgumentException("'count' must be at least 1");
    }
    return new Fault(
        id,
        kind,
        ent.creditCode(),
        subject,
        mn,
        parameter,
        from,
        to,
        factor,
        flag,
        offset,
        variant,
        count,
        victim,
        window);
  }

  private static void requireOutlet(FaultKind kind, Outlet outlet) {
    if (outlet == null) {
      throw new IllegalArgumentException(kind.label() + " needs an outlet (or its meter MN)");
    }
  }
}
