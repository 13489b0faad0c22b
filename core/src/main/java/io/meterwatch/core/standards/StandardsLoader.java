package io.meterwatch.core.standards;

import com.fasterxml.jackson.databind.JsonNode;
import io.meterwatch.core.config.ConfigException;
import io.meterwatch.core.config.ConfigProblems;
import io.meterwatch.core.config.YamlEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@link StandardsCatalogue} from YAML (format in docs/registry.md). The default catalogue,
 * with every limit and quota of the domain facts, is the resource {@code
 * io/meterwatch/core/standards/standards.yaml}. Errors are collected and thrown together as one
 * {@link ConfigException} naming file, entry and field.
 */
public final class StandardsLoader {
  /** Classpath location of the default catalogue. */
  public static final String DEFAULT_RESOURCE = "/io/meterwatch/core/standards/standards.yaml";

  private static volatile StandardsCatalogue defaultCatalogue;

  private StandardsLoader() {}

  /** The default catalogue (read once, then shared: it is immutable). */
  public static StandardsCatalogue loadDefault() {
    StandardsCatalogue c = defaultCatalogue;
    if (c == null) {
      c =
          YamlEntry.readResource(
              StandardsLoader.class, DEFAULT_RESOURCE, "standards.yaml", StandardsLoader::read);
      defaultCatalogue = c;
    }
    return c;
  }

  /** A catalogue from a file. */
  public static StandardsCatalogue load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw new ConfigException(file.toString(), file + ": cannot be read: " + e, e);
    }
  }

  /** A catalogue from a stream; {@code file} names it in error messages. */
  public static StandardsCatalogue read(InputStream in, String file) {
    ConfigProblems problems = new ConfigProblems(file);
    YamlEntry root = new YamlEntry(problems, "catalogue", YamlEntry.parse(in, file));
    StandardsCatalogue c = null;
    if (root.isMapping()) {
      root.allowOnly("emission", "energy");
      c = merge(new StandardsCatalogue(Map.of(), Map.of()), root);
    }
    problems.throwIfAny();
    return c;
  }

  /**
   * A catalogue made of {@code base} plus the {@code emission} and {@code energy} lists of {@code
   * section}; an entry whose id is already in {@code base} replaces it. Problems are recorded in
   * the section's {@link ConfigProblems} (the registry loader reads inline standards this way).
   */
  public static StandardsCatalogue merge(StandardsCatalogue base, YamlEntry section) {
    Map<String, EmissionStandard> emission = new LinkedHashMap<>(base.emission());
    Map<String, EnergyQuotaStandard> energy = new LinkedHashMap<>(base.energy());
    Set<String> seen = new HashSet<>();
    List<JsonNode> items = section.list("emission");
    for (int i = 0; i < items.size(); i++) {
      YamlEntry e = entry(section, "emission", i, items.get(i));
      EmissionStandard s = emissionStandard(e);
      if (unique(e, seen) && s != null) {
        emission.put(s.id(), s);
      }
    }
    items = section.list("energy");
    for (int i = 0; i < items.size(); i++) {
      YamlEntry e = entry(section, "energy", i, items.get(i));
      EnergyQuotaStandard q = energyQuota(e);
      if (unique(e, seen) && q != null) {
        energy.put(q.id(), q);
      }
    }
    return new StandardsCatalogue(emission, energy);
  }

  /** Whether the entry's id is new in this section (ids are unique over both lists). */
  private static boolean unique(YamlEntry e, Set<String> seen) {
    String id = e.node().path("id").asText("");
    if (!id.isEmpty() && !seen.add(id)) {
      e.error("id", "duplicate standard id '" + id + "'");
      return false;
    }
    return true;
  }

  private static YamlEntry entry(YamlEntry section, String list, int index, JsonNode node) {
    String id = node.path("id").asText("");
    String label = list + " standard " + (id.isEmpty() ? "#" + (index + 1) : id);
    return new YamlEntry(section.problems(), label, node);
  }

  private static EmissionStandard emissionStandard(YamlEntry e) {
    if (!e.isMapping()) {
      return null;
    }
    e.allowOnly(
        "id",
        "name",
        "medium",
        "referenceO2",
        "unit",
        "effectiveFrom",
        "effectiveTo",
        "limits",
        "limitVersions");
    String id = e.requiredText("id");
    Medium medium = e.requiredEnum("medium", Medium.class);
    Double refO2 = e.number("referenceO2");
    if (medium == Medium.FLUE_GAS && refO2 == null && !e.has("referenceO2")) {
      e.error("referenceO2", "is missing (a flue-gas standard needs its reference O2 in %)");
    }
    if (refO2 != null && (refO2 < 0 || refO2 >= 21)) {
      e.error("referenceO2", "must be between 0 and 21 %, got " + refO2);
    }
    if (medium == Medium.WASTEWATER && refO2 != null) {
      e.error("referenceO2", "a wastewater standard has no reference O2");
    }
    String unit = e.text("unit");
    if (unit == null && medium != null) {
      unit = medium == Medium.FLUE_GAS ? "mg/m3" : "mg/L";
    }
    List<LimitVersion> limits = limits(e);
    if (id == null || medium == null || limits == null) {
      return null;
    }
    String name = e.text("name");
    return new EmissionStandard(id, name == null ? id : name, medium, refO2, unit, limits);
  }

  /**
   * The limits of an entry: the mapping {@code limits} (parameter code → value, in force over the
   * entry's {@code effectiveFrom}/{@code effectiveTo}) plus the list {@code limitVersions} ({@code
   * parameter}, {@code value}, {@code from}, {@code to}). Values must not be negative, and two
   * versions of one parameter must not overlap. Returns {@code null} when there were problems.
   */
  public static List<LimitVersion> limits(YamlEntry e) {
    int before = e.problems().errors().size();
    LocalDate from = e.date("effectiveFrom");
    LocalDate to = e.date("effectiveTo");
    if (from != null && to != null && !to.isAfter(from)) {
      e.error("effectiveTo", "must be after effectiveFrom " + from + ", got " + to);
      to = null;
    }
    List<LimitVersion> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> l : e.mapping("limits").entrySet()) {
      Double v = e.number("limits." + l.getKey(), l.getValue());
      if (v != null) {
        if (v < 0) {
          e.error("limits." + l.getKey(), "must not be negative, got " + v);
        } else {
          out.add(new LimitVersion(l.getKey(), v, from, to));
        }
      }
    }
    List<JsonNode> versions = e.list("limitVersions");
    for (int i = 0; i < versions.size(); i++) {
      YamlEntry v = e.child("limitVersions[" + (i + 1) + "]", versions.get(i));
      if (!v.isMapping()) {
        continue;
      }
      v.allowOnly("parameter", "value", "from", "to");
      String p = v.requiredText("parameter");
      Double value = v.requiredNumber("value");
      LocalDate vf = v.date("from");
      LocalDate vt = v.date("to");
      if (value != null && value < 0) {
        v.error("value", "must not be negative, got " + value);
        value = null;
      }
      if (vf != null && vt != null && !vt.isAfter(vf)) {
        v.error("to", "must be after from " + vf + ", got " + vt);
        vt = null;
        value = null;
      }
      if (p != null && value != null) {
        out.add(new LimitVersion(p, value, vf, vt));
      }
    }
    checkOverlaps(e, out);
    return e.problems().errors().size() == before ? out : null;
  }

  /** Two versions of one parameter in force on the same day would make the limit ambiguous. */
  private static void checkOverlaps(YamlEntry e, List<LimitVersion> limits) {
    Map<String, List<LimitVersion>> byParameter = new LinkedHashMap<>();
    limits.forEach(l -> byParameter.computeIfAbsent(l.parameter(), k -> new ArrayList<>()).add(l));
    Comparator<LocalDate> nullsFirst = Comparator.nullsFirst(Comparator.naturalOrder());
    for (Map.Entry<String, List<LimitVersion>> p : byParameter.entrySet()) {
      List<LimitVersion> vs = new ArrayList<>(p.getValue());
      vs.sort(Comparator.comparing(LimitVersion::effectiveFrom, nullsFirst));
      for (int i = 1; i < vs.size(); i++) {
        LimitVersion prev = vs.get(i - 1);
        LimitVersion next = vs.get(i);
        if (prev.effectiveTo() == null
            || next.effectiveFrom() == null
            || prev.effectiveTo().isAfter(next.effectiveFrom())) {
          e.error(
              "limitVersions",
              "limits of "
                  + p.getKey()
                  + " overlap: "
                  + span(prev)
                  + " and "
                  + span(next)
                  + " (give the earlier one a 'to' no later than the next one's 'from')");
        }
      }
    }
  }

  private static String span(LimitVersion v) {
    return v.value()
        + " from "
        + (v.effectiveFrom() == null ? "always" : v.effectiveFrom())
        + " to "
        + (v.effectiveTo() == null ? "open" : v.effectiveTo());
  }

  private static EnergyQuotaStandard energyQuota(YamlEntry e) {
    if (!e.isMapping()) {
      return null;
    }
    e.allowOnly(
        "id", "name", "product", "indicator", "unit", "levels", "effectiveFrom", "effectiveTo");
    String id = e.requiredText("id");
    String product = e.requiredText("product");
    EnergyIndicator indicator = e.requiredEnum("indicator", EnergyIndicator.class);
    String unit = e.text("unit");
    if (unit == null && indicator != null) {
      unit = indicator == EnergyIndicator.ELECTRICITY ? "kWh/t" : "kgce/t";
    }
    LocalDate from = e.date("effectiveFrom");
    LocalDate to = e.date("effectiveTo");
    if (from != null && to != null && !to.isAfter(from)) {
      e.error("effectiveTo", "must be after effectiveFrom " + from + ", got " + to);
      return null;
    }
    List<JsonNode> levels = e.list("levels");
    if (!e.has("levels")) {
      e.error("levels", "is missing (levels 1, 2 and 3, e.g. [100, 107, 117])");
      return null;
    }
    if (levels.size() != 3) {
      e.error("levels", "must list levels 1, 2 and 3, got " + levels.size() + " values");
      return null;
    }
    double[] l = new double[3];
    for (int i = 0; i < 3; i++) {
      Double v = e.number("levels[" + (i + 1) + "]", levels.get(i));
      if (v == null) {
        return null;
      }
      if (v < 0) {
        e.error("levels[" + (i + 1) + "]", "must not be negative, got " + v);
        return null;
      }
      l[i] = v;
    }
    if (l[0] > l[1] || l[1] > l[2]) {
      e.error(
          "levels",
          "must not decrease from level 1 (most advanced) to level 3 (the mandatory limit), got "
              + l[0]
              + ", "
              + l[1]
              + ", "
              + l[2]);
      return null;
    }
    if (id == null || product == null || indicator == null) {
      return null;
    }
    String name = e.text("name");
    return new EnergyQuotaStandard(
        id, name == null ? id : name, product, indicator, unit, l[0], l[1], l[2], from, to);
  }
}
