package io.meterwatch.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.meterwatch.core.config.ConfigException;
import io.meterwatch.core.config.ConfigProblems;
import io.meterwatch.core.config.YamlEntry;
import io.meterwatch.core.model.Parameter;
import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.model.Quantity;
import io.meterwatch.core.quality.DetectorConfig;
import io.meterwatch.core.standards.EmissionStandard;
import io.meterwatch.core.standards.EnergyQuotaStandard;
import io.meterwatch.core.standards.LimitVersion;
import io.meterwatch.core.standards.Medium;
import io.meterwatch.core.standards.StandardsCatalogue;
import io.meterwatch.core.standards.StandardsLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a {@link SiteRegistry} from YAML (format and checks in docs/registry.md). The registry is
 * judged against the default standards catalogue ({@link StandardsLoader#loadDefault()}) plus any
 * standards the file defines in its own {@code standards} section.
 *
 * <p>Every problem in the file is collected and thrown together as one {@link RegistryException}
 * whose errors each name the file, the entry and the field: unknown standard, duplicate MN (across
 * outlets, energy and production meters), outlet without limits, negative quota, unknown county,
 * flue-gas outlet without reference O2, energy quota without a production meter for its product,
 * and malformed or unknown fields.
 */
public final class RegistryLoader {
  /** Classpath location of the default demo city (Ankang). */
  public static final String DEFAULT_RESOURCE = "/io/meterwatch/core/registry/demo-city.yaml";

  /**
   * An HJ 212 MN: at most 24 characters (HJ 212-2017 6.3.2), and nothing that would break the MQTT
   * topic {@code meters/{mn}/data} or a Kafka key.
   */
  private static final Pattern MN = Pattern.compile("[A-Za-z0-9_.-]{1,24}");

  /**
   * Unified social credit code (GB 32100-2015): 18 characters of digits and capital letters without
   * I, O, S, V, Z. The check digit is not verified so that test registries may use made-up codes.
   */
  private static final Pattern CREDIT_CODE = Pattern.compile("[0-9A-HJ-NPQRTUWXY]{18}");

  private static volatile SiteRegistry defaultRegistry;

  private RegistryLoader() {}

  /** The demo city shipped as a resource (read once, then shared: it is immutable). */
  public static SiteRegistry loadDefault() {
    SiteRegistry r = defaultRegistry;
    if (r == null) {
      r =
          YamlEntry.readResource(
              RegistryLoader.class, DEFAULT_RESOURCE, "demo-city.yaml", RegistryLoader::read);
      defaultRegistry = r;
    }
    return r;
  }

  /** A registry from a file, judged against the default standards catalogue. */
  public static SiteRegistry load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw new RegistryException(file.toString(), List.of(file + ": cannot be read: " + e));
    }
  }

  /** A registry from a stream ({@code file} names it in errors), with the default standards. */
  public static SiteRegistry read(InputStream in, String file) {
    return read(in, file, StandardsLoader.loadDefault());
  }

  /** A registry from a stream, judged against {@code base} plus the file's own standards. */
  public static SiteRegistry read(InputStream in, String file, StandardsCatalogue base) {
    JsonNode root;
    try {
      root = YamlEntry.parse(in, file);
    } catch (ConfigException e) {
      throw new RegistryException(e);
    }
    ConfigProblems problems = new ConfigProblems(file);
    SiteRegistry registry = new Reader(problems, base).registry(root);
    if (!problems.isEmpty()) {
      throw new RegistryException(file, problems.errors());
    }
    return registry;
  }

  /** One pass over one file. */
  private static final class Reader {
    private final ConfigProblems problems;
    private final StandardsCatalogue base;
    private StandardsCatalogue standards;
    private final Map<String, County> counties = new LinkedHashMap<>();

    /** MN → where it was first declared, for the duplicate-MN message. */
    private final Map<String, String> mnOwners = new HashMap<>();

    private final Set<String> outletIds = new HashSet<>();

    /** Meters with their own {@code json} setting. */
    private final Map<String, JsonUploads> jsonByMn = new LinkedHashMap<>();

    private final Set<String> creditCodes = new HashSet<>();

    Reader(ConfigProblems problems, StandardsCatalogue base) {
      this.problems = problems;
      this.base = base;
    }

    SiteRegistry registry(JsonNode node) {
      YamlEntry root = new YamlEntry(problems, "registry", node);
      if (!root.isMapping()) {
        return null;
      }
      root.allowOnly("city", "counties", "standards", "enterprises", "uploads");
      JsonUploads jsonDefault = JsonUploads.ALLOWED;
      if (root.has("uploads")) {
        YamlEntry u = root.child("uploads", root.node().get("uploads"));
        if (u.isMapping()) {
          u.allowOnly("json");
          JsonUploads j = json(u);
          jsonDefault = j == null ? JsonUploads.ALLOWED : j;
        }
      }
      standards = base;
      if (root.has("standards")) {
        YamlEntry s = root.child("standards", root.node().get("standards"));
        if (s.isMapping()) {
          s.allowOnly("emission", "energy");
          standards = StandardsLoader.merge(base, s);
        }
      }
      List<JsonNode> cs = root.list("counties");
      if (cs.isEmpty()) {
        root.error("counties", "is missing or empty (every enterprise belongs to a county)");
      }
      for (int i = 0; i < cs.size(); i++) {
        county(cs.get(i), i);
      }
      List<Enterprise> enterprises = root.items("enterprises", this::enterprise);
      return new SiteRegistry(
          new ArrayList<>(counties.values()), enterprises, standards, jsonDefault, jsonByMn);
    }

    /** The {@code json} field of an entry: {@code allowed} or {@code refused}, or {@code null}. */
    private static JsonUploads json(YamlEntry e) {
      String t = e.text("json");
      if (t == null) {
        return null;
      }
      JsonUploads j = JsonUploads.ofYaml(t);
      if (j == null) {
        e.error("json", "must be allowed or refused, got '" + t + "'");
      }
      return j;
    }

    /** Records a meter's own {@code json} setting. */
    private void meterJson(YamlEntry e, String mn) {
      JsonUploads j = json(e);
      if (j != null) {
        jsonByMn.put(mn, j);
      }
    }

    private void county(JsonNode node, int index) {
      String id = node.path("id").asText("");
      YamlEntry c =
          new YamlEntry(problems, "county " + (id.isEmpty() ? "#" + (index + 1) : id), node);
      if (!c.isMapping()) {
        return;
      }
      c.allowOnly("id", "nameZh", "nameEn");
      id = c.requiredText("id");
      String zh = c.requiredText("nameZh");
      String en = c.requiredText("nameEn");
      if (id == null) {
        return;
      }
      if (counties.containsKey(id)) {
        c.error("id", "duplicate county id '" + id + "'");
        return;
      }
      counties.put(id, new County(id, zh, en));
    }

    private Enterprise enterprise(JsonNode node, int index) {
      String code = node.path("creditCode").asText("");
      YamlEntry e =
          new YamlEntry(
              problems, "enterprise " + (code.isEmpty() ? "#" + (index + 1) : code), node);
      if (!e.isMapping()) {
        return null;
      }
      e.allowOnly(
          "creditCode",
          "name",
          "nameEn",
          "county",
          "industry",
          "outlets",
          "energyMeters",
          "productionMeters",
          "energyQuotas");
      String creditCode = e.requiredText("creditCode");
      if (creditCode != null && !CREDIT_CODE.matcher(creditCode).matches()) {
        e.error(
            "creditCode",
            "'"
                + creditCode
                + "' is not a unified social credit code (18 digits or capitals, no I O S V Z)");
      } else if (creditCode != null && !creditCodes.add(creditCode)) {
        e.error("creditCode", "duplicate enterprise credit code '" + creditCode + "'");
      }
      String name = e.requiredText("name");
      String county = e.requiredText("county");
      if (county != null && !counties.containsKey(county)) {
        e.error(
            "county",
            "unknown county '"
                + county
                + "' (known: "
                + String.join(", ", counties.keySet())
                + ")");
      }
      List<Outlet> outlets = e.items("outlets", (item, i) -> outlet(e, item, i));
      List<EnergyMeter> energyMeters =
          e.items("energyMeters", (item, i) -> energyMeter(e, item, i));
      List<ProductionMeter> productionMeters =
          e.items("productionMeters", (item, i) -> productionMeter(e, item, i));
      List<EnergyQuota> quotas =
          e.items("energyQuotas", (item, i) -> energyQuota(e, item, i, productionMeters));
      if (!e.has("outlets") && !e.has("energyMeters") && !e.has("productionMeters")) {
        e.error(null, "has no outlets and no meters: nothing to supervise");
      }
      return new Enterprise(
          creditCode,
          name,
          e.text("nameEn"),
          county,
          e.text("industry"),
          outlets,
          energyMeters,
          productionMeters,
          quotas);
    }

    private Outlet outlet(YamlEntry ent, JsonNode node, int index) {
      String id = node.path("id").asText("");
      YamlEntry o = ent.child("outlet " + (id.isEmpty() ? "#" + (index + 1) : id), node);
      if (!o.isMapping()) {
        return null;
      }
      o.allowOnly(
          "id",
          "name",
          "medium",
          "mn",
          "password",
          "standard",
          "referenceO2",
          "limits",
          "limitVersions",
          "annualLoadQuotaKg",
          "detectors",
          "json");
      id = o.requiredText("id");
      if (id != null && !outletIds.add(id)) {
        o.error("id", "duplicate outlet id '" + id + "' (outlet ids are unique in the registry)");
      }
      Medium medium = o.requiredEnum("medium", Medium.class);
      String mn = mn(o, "mn");
      String standardId = o.text("standard");
      EmissionStandard standard = null;
      if (standardId != null) {
        standard = standards.emissionStandard(standardId).orElse(null);
        if (standard == null) {
          o.error(
              "standard",
              "unknown standard '"
                  + standardId
                  + "' (known emission standards: "
                  + String.join(", ", standards.emission().keySet())
                  + ")");
        } else if (medium != null && standard.medium() != medium) {
          o.error(
              "standard",
              "standard '"
                  + standardId
                  + "' is for "
                  + standard.medium()
                  + ", the outlet is "
                  + medium);
          standard = null; // judged by nothing: no follow-on errors about its limits or O2
        }
      }
      Double refO2 = o.number("referenceO2");
      if (refO2 != null && (refO2 < 0 || refO2 >= 21)) {
        o.error("referenceO2", "must be between 0 and 21 %, got " + refO2);
      }
      if (medium == Medium.WASTEWATER && refO2 != null) {
        o.error("referenceO2", "a wastewater outlet has no reference O2");
      }
      List<LimitVersion> overrides = StandardsLoader.limits(o);
      boolean standardHasLimits = standard != null && !standard.limits().isEmpty();
      if (overrides != null && overrides.isEmpty() && !standardHasLimits) {
        if (standardId == null) {
          o.error(
              "standard",
              "is missing and the outlet has no limits of its own: nothing to judge it by");
        } else if (standard != null) {
          o.error(
              "limits",
              "standard '" + standardId + "' sets no limits and the outlet has none of its own");
        }
      }
      if (medium == Medium.FLUE_GAS
          && refO2 == null
          && !o.has("referenceO2")
          && (standardId == null || (standard != null && standard.referenceO2() == null))) {
        o.error(
            "referenceO2",
            "is missing: a flue-gas outlet needs a reference O2, from its standard or its own");
      }
      Map<String, Double> quotas = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> q : o.mapping("annualLoadQuotaKg").entrySet()) {
        String field = "annualLoadQuotaKg." + q.getKey();
        Double v = o.number(field, q.getValue());
        if (v != null && v < 0) {
          o.error(field, "negative quota " + v + " kg");
        } else if (v != null) {
          quotas.put(q.getKey(), v);
        }
      }
      Map<String, Double> detectors = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> d : o.mapping("detectors").entrySet()) {
        String field = "detectors." + d.getKey();
        Double v = o.number(field, d.getValue());
        if (v == null) {
          continue;
        }
        try {
          DetectorConfig.DEFAULTS.withOverrides(Map.of(d.getKey(), v));
          detectors.put(d.getKey(), v);
        } catch (IllegalArgumentException bad) {
          o.error(field, bad.getMessage());
        }
      }
      if (id == null || medium == null || mn == null) {
        return null;
      }
      claimMn(o, mn);
      meterJson(o, mn);
      return new Outlet(
          id,
          o.text("name"),
          medium,
          mn,
          o.text("password"),
          standardId,
          refO2,
          overrides,
          quotas,
          detectors);
    }

    private EnergyMeter energyMeter(YamlEntry ent, JsonNode node, int index) {
      String mnText = node.path("mn").asText("");
      YamlEntry m =
          ent.child("energy meter " + (mnText.isEmpty() ? "#" + (index + 1) : mnText), node);
      if (!m.isMapping()) {
        return null;
      }
      m.allowOnly("mn", "password", "carrier", "unit", "json");
      String mn = mn(m, "mn");
      String carrier = m.requiredText("carrier");
      String unit = m.text("unit");
      if (carrier != null) {
        Optional<Parameter> p = ParameterCatalogue.byCode(carrier);
        if (p.isEmpty() || p.get().quantity() != Quantity.ENERGY) {
          m.error(
              "carrier",
              "'"
                  + carrier
                  + "' is not an energy carrier code (known: "
                  + String.join(", ", energyCodes())
                  + ")");
          carrier = null;
        } else if (unit == null) {
          unit = p.get().unit();
        } else if (!unit.equals(p.get().unit())) {
          m.error(
              "unit",
              "'"
                  + unit
                  + "' differs from the unit of "
                  + carrier
                  + " ("
                  + p.get().unit()
                  + "); meters must count in the catalogue unit");
        }
      }
      if (mn == null || carrier == null) {
        return null;
      }
      claimMn(m, mn);
      meterJson(m, mn);
      return new EnergyMeter(mn, m.text("password"), carrier, unit);
    }

    private ProductionMeter productionMeter(YamlEntry ent, JsonNode node, int index) {
      String mnText = node.path("mn").asText("");
      YamlEntry m =
          ent.child("production meter " + (mnText.isEmpty() ? "#" + (index + 1) : mnText), node);
      if (!m.isMapping()) {
        return null;
      }
      m.allowOnly("mn", "password", "product", "unit", "json");
      String mn = mn(m, "mn");
      String product = m.requiredText("product");
      String unit = m.text("unit");
      if (unit != null && !unit.equals("t")) {
        m.error("unit", "production is counted in t (quotas are per tonne), got '" + unit + "'");
      }
      if (mn == null || product == null) {
        return null;
      }
      claimMn(m, mn);
      meterJson(m, mn);
      return new ProductionMeter(mn, m.text("password"), product, "t");
    }

    private EnergyQuota energyQuota(
        YamlEntry ent, JsonNode node, int index, List<ProductionMeter> productionMeters) {
      String std = node.path("standard").asText("");
      YamlEntry q = ent.child("energy quota " + (std.isEmpty() ? "#" + (index + 1) : std), node);
      if (!q.isMapping()) {
        return null;
      }
      q.allowOnly("product", "standard", "limitOverride");
      String standardId = q.requiredText("standard");
      String product = q.text("product");
      Double override = q.number("limitOverride");
      if (override != null && override < 0) {
        q.error("limitOverride", "negative quota " + override);
        override = null;
      }
      EnergyQuotaStandard standard = null;
      if (standardId != null) {
        standard = standards.energyQuota(standardId).orElse(null);
        if (standard == null) {
          q.error(
              "standard",
              "unknown standard '"
                  + standardId
                  + "' (known energy quotas: "
                  + String.join(", ", standards.energy().keySet())
                  + ")");
        }
      }
      if (standard != null) {
        if (product == null) {
          product = standard.product();
        } else if (!product.equals(standard.product())) {
          q.error(
              "product",
              "'"
                  + product
                  + "' but standard '"
                  + standardId
                  + "' is per tonne of "
                  + standard.product());
        }
      }
      if (product != null) {
        String p = product;
        if (productionMeters.stream().noneMatch(m -> m.product().equals(p))) {
          q.error(
              "product",
              "no production meter of this enterprise counts '"
                  + product
                  + "': energy per tonne cannot be computed");
        }
      }
      if (standard == null || product == null) {
        return null;
      }
      return new EnergyQuota(product, standardId, override);
    }

    /** A required MN field, checked for shape. */
    private String mn(YamlEntry e, String field) {
      String mn = e.requiredText(field);
      if (mn != null && !MN.matcher(mn).matches()) {
        e.error(field, "'" + mn + "' is not an MN (1 to 24 letters, digits, '_', '.', '-')");
        return null;
      }
      return mn;
    }

    /** Records where an MN is declared; a second declaration anywhere is an error. */
    private void claimMn(YamlEntry e, String mn) {
      String first = mnOwners.putIfAbsent(mn, e.label());
      if (first != null) {
        e.error("mn", "duplicate MN '" + mn + "', already used by " + first);
      }
    }

    private static List<String> energyCodes() {
      return ParameterCatalogue.all().stream()
          .filter(p -> p.quantity() == Quantity.ENERGY)
          .map(Parameter::code)
          .toList();
    }
  }
}
