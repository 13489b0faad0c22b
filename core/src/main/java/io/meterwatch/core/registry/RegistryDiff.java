package io.meterwatch.core.registry;

import io.meterwatch.core.standards.LimitVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What changed between two registries, entry by entry: counties, enterprises, outlets and meters,
 * permit limits, load and energy quotas. Passwords are reported as changed, never shown. Used by
 * {@code meterwatch registry diff} and by the followers that log what a new version brings.
 */
public final class RegistryDiff {
  private RegistryDiff() {}

  /** Whether the entry is new, gone or different. */
  public enum Kind {
    ADDED("+"),
    REMOVED("-"),
    CHANGED("~");

    private final String sign;

    Kind(String sign) {
      this.sign = sign;
    }
  }

  /**
   * One change.
   *
   * @param kind added, removed or changed
   * @param area what kind of entry: county, enterprise, outlet, energy meter, production meter,
   *     limit, load quota, energy quota
   * @param subject which entry (ids, MN, parameter)
   * @param detail what changed, for CHANGED; empty otherwise
   */
  public record Change(Kind kind, String area, String subject, String detail) {
    @Override
    public String toString() {
      return kind.sign + " " + area + " " + subject + (detail.isEmpty() ? "" : ": " + detail);
    }
  }

  /** Every change from {@code a} to {@code b}, in the order of {@code b}'s file then removals. */
  public static List<Change> between(SiteRegistry a, SiteRegistry b) {
    List<Change> out = new ArrayList<>();
    compare(
        out,
        "county",
        a.counties(),
        b.counties(),
        c -> c.nameZh() + " " + c.nameEn(),
        (x, y) -> x.equals(y) ? "" : "name " + x.nameZh() + " -> " + y.nameZh());
    compare(
        out,
        "emission standard",
        a.standards().emission(),
        b.standards().emission(),
        x -> "",
        (x, y) -> x.equals(y) ? "" : "limits or settings differ");
    compare(
        out,
        "energy quota standard",
        a.standards().energy(),
        b.standards().energy(),
        x -> "",
        (x, y) -> x.equals(y) ? "" : "limits or settings differ");
    Map<String, Enterprise> ea = byKey(a.enterprises(), Enterprise::creditCode);
    Map<String, Enterprise> eb = byKey(b.enterprises(), Enterprise::creditCode);
    compare(
        out,
        "enterprise",
        ea,
        eb,
        e -> e.name() + " (" + e.county() + ")",
        RegistryDiff::enterpriseDetail);
    for (Map.Entry<String, Enterprise> e : eb.entrySet()) {
      Enterprise old = ea.get(e.getKey());
      if (old != null) {
        enterpriseParts(out, old, e.getValue());
      }
    }
    return out;
  }

  private static String enterpriseDetail(Enterprise x, Enterprise y) {
    List<String> d = new ArrayList<>();
    if (!Objects.equals(x.county(), y.county())) {
      d.add("county " + x.county() + " -> " + y.county());
    }
    if (!Objects.equals(x.name(), y.name())) {
      d.add("name " + x.name() + " -> " + y.name());
    }
    if (!Objects.equals(x.industry(), y.industry())) {
      d.add("industry " + x.industry() + " -> " + y.industry());
    }
    return String.join(", ", d);
  }

  private static void enterpriseParts(List<Change> out, Enterprise x, Enterprise y) {
    String ent = x.creditCode() + " ";
    Map<String, Outlet> oa = byKey(x.outlets(), Outlet::id);
    Map<String, Outlet> ob = byKey(y.outlets(), Outlet::id);
    compare(
        out,
        "outlet",
        prefixed(ent, oa),
        prefixed(ent, ob),
        o -> o.name() + " MN " + o.mn(),
        RegistryDiff::outletDetail);
    for (Map.Entry<String, Outlet> o : ob.entrySet()) {
      Outlet old = oa.get(o.getKey());
      if (old == null) {
        continue;
      }
      String subject = ent + o.getKey() + " ";
      compare(
          out,
          "limit",
          limits(subject, old.limitOverrides()),
          limits(subject, o.getValue().limitOverrides()),
          RegistryDiff::limitText,
          (p, q) -> p.equals(q) ? "" : limitText(p) + " -> " + limitText(q));
      compare(
          out,
          "load quota",
          prefixed(subject, old.annualLoadQuotaKg()),
          prefixed(subject, o.getValue().annualLoadQuotaKg()),
          kg -> kg + " kg/a",
          (p, q) -> p.equals(q) ? "" : p + " -> " + q + " kg/a");
    }
    compare(
        out,
        "energy meter",
        prefixed(ent, byKey(x.energyMeters(), EnergyMeter::mn)),
        prefixed(ent, byKey(y.energyMeters(), EnergyMeter::mn)),
        m -> m.carrier() + " " + m.unit(),
        (p, q) ->
            join(
                Objects.equals(p.password(), q.password()) ? "" : "password changed",
                Objects.equals(p.carrier(), q.carrier()) && Objects.equals(p.unit(), q.unit())
                    ? ""
                    : p.carrier() + " " + p.unit() + " -> " + q.carrier() + " " + q.unit()));
    compare(
        out,
        "production meter",
        prefixed(ent, byKey(x.productionMeters(), ProductionMeter::mn)),
        prefixed(ent, byKey(y.productionMeters(), ProductionMeter::mn)),
        m -> m.product() + " " + m.unit(),
        (p, q) ->
            join(
                Objects.equals(p.password(), q.password()) ? "" : "password changed",
                Objects.equals(p.product(), q.product()) && Objects.equals(p.unit(), q.unit())
                    ? ""
                    : p.product() + " " + p.unit() + " -> " + q.product() + " " + q.unit()));
    compare(
        out,
        "energy quota",
        prefixed(ent, byKey(x.energyQuotas(), EnergyQuota::product)),
        prefixed(ent, byKey(y.energyQuotas(), EnergyQuota::product)),
        q -> q.standard() + (q.limitOverride() == null ? "" : " limit " + q.limitOverride()),
        (p, q) ->
            p.equals(q)
                ? ""
                : p.standard()
                    + " "
                    + p.limitOverride()
                    + " -> "
                    + q.standard()
                    + " "
                    + q.limitOverride());
  }

  private static String outletDetail(Outlet x, Outlet y) {
    return join(
        Objects.equals(x.mn(), y.mn()) ? "" : "MN " + x.mn() + " -> " + y.mn(),
        Objects.equals(x.password(), y.password()) ? "" : "password changed",
        Objects.equals(x.standard(), y.standard())
            ? ""
            : "standard " + x.standard() + " -> " + y.standard(),
        Objects.equals(x.referenceO2(), y.referenceO2())
            ? ""
            : "reference O2 " + x.referenceO2() + " -> " + y.referenceO2(),
        Objects.equals(x.detectors(), y.detectors())
            ? ""
            : "detector settings " + x.detectors() + " -> " + y.detectors(),
        Objects.equals(x.name(), y.name()) ? "" : "name " + x.name() + " -> " + y.name());
  }

  private static Map<String, LimitVersion> limits(String subject, List<LimitVersion> versions) {
    Map<String, LimitVersion> m = new LinkedHashMap<>();
    for (LimitVersion v : versions) {
      // an undated limit is in force always: its subject has no date
      m.put(
          subject + v.parameter() + (v.effectiveFrom() == null ? "" : " from " + v.effectiveFrom()),
          v);
    }
    return m;
  }

  private static String limitText(LimitVersion v) {
    return v.value()
        + (v.effectiveFrom() == null ? "" : " from " + v.effectiveFrom())
        + (v.effectiveTo() == null ? "" : " until " + v.effectiveTo());
  }

  private static String join(String... parts) {
    List<String> d = new ArrayList<>();
    for (String p : parts) {
      if (!p.isEmpty()) {
        d.add(p);
      }
    }
    return String.join(", ", d);
  }

  private static <T> Map<String, T> byKey(List<T> items, Function<T, String> key) {
    Map<String, T> m = new LinkedHashMap<>();
    for (T t : items) {
      m.put(key.apply(t), t);
    }
    return m;
  }

  private static <T> Map<String, T> prefixed(String prefix, Map<String, T> m) {
    Map<String, T> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(prefix + k, v));
    return out;
  }

  private static <T> void compare(
      List<Change> out,
      String area,
      Map<String, T> a,
      Map<String, T> b,
      Function<T, String> describe,
      java.util.function.BiFunction<T, T, String> detail) {
    for (Map.Entry<String, T> e : b.entrySet()) {
      T old = a.get(e.getKey());
      if (old == null) {
        out.add(new Change(Kind.ADDED, area, e.getKey(), describe.apply(e.getValue())));
      } else if (!old.equals(e.getValue())) {
        String d = detail.apply(old, e.getValue());
        if (!d.isEmpty()) {
          out.add(new Change(Kind.CHANGED, area, e.getKey(), d));
        }
      }
    }
    for (Map.Entry<String, T> e : a.entrySet()) {
      if (!b.containsKey(e.getKey())) {
        out.add(new Change(Kind.REMOVED, area, e.getKey(), describe.apply(e.getValue())));
      }
    }
  }
}
