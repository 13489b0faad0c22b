package io.meterwatch.core.report;

import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.registry.County;
import io.meterwatch.core.registry.Enterprise;
import io.meterwatch.core.registry.Outlet;
import io.meterwatch.core.registry.SiteRegistry;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The registry's names for what case events carry as ids, for report rows. */
final class ReportNames {
  private static final Map<String, String> INDUSTRIES =
      Map.of(
          "cement", "水泥",
          "non-ferrous", "有色金属",
          "chemical", "化工",
          "smelting", "冶炼",
          "power", "电力",
          "steel", "钢铁");

  static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final SiteRegistry registry;
  private final List<String> countyOrder;

  ReportNames(SiteRegistry registry) {
    this.registry = registry;
    this.countyOrder = new ArrayList<>(registry.counties().keySet());
  }

  /** The county id of an enterprise: the registry's, else what the case event said. */
  String countyId(String creditCode, String eventCounty) {
    Optional<Enterprise> e = registry.enterprise(creditCode);
    if (e.isPresent()) {
      return e.get().county();
    }
    if (eventCounty == null) {
      return "";
    }
    for (County c : registry.counties().values()) {
      if (c.id().equalsIgnoreCase(eventCounty)
          || c.nameZh().equals(eventCounty)
          || c.nameEn().equalsIgnoreCase(eventCounty)) {
        return c.id();
      }
    }
    return eventCounty;
  }

  String countyName(String countyId) {
    County c = registry.counties().get(countyId);
    return c == null ? countyId : c.nameZh();
  }

  /** Position of a county in the registry (unknown counties last). */
  int countyRank(String countyId) {
    int i = countyOrder.indexOf(countyId);
    return i < 0 ? countyOrder.size() : i;
  }

  String enterpriseName(String creditCode, String eventName) {
    return registry
        .enterprise(creditCode)
        .map(Enterprise::name)
        .orElse(eventName == null ? creditCode : eventName);
  }

  String industry(String creditCode) {
    return registry
        .enterprise(creditCode)
        .map(e -> INDUSTRIES.getOrDefault(e.industry(), e.industry()))
        .orElse("");
  }

  /** The outlet's name and id, or the subject itself (a product, a meter). */
  String subject(String creditCode, String subject) {
    return registry
        .enterprise(creditCode)
        .flatMap(e -> e.outlets().stream().filter(o -> o.id().equals(subject)).findFirst())
        .map(Outlet::name)
        .map(n -> n + "（" + subject + "）")
        .orElse(subject);
  }

  /** The parameter's Chinese name and code, or the code (a quota standard id). */
  static String parameter(String code) {
    return ParameterCatalogue.byCode(code).map(p -> p.nameZh() + "（" + code + "）").orElse(code);
  }

  static String period(ReportPeriod p) {
    return p.label() + "（" + p.describeZh() + "）";
  }

  static String localMinute(java.time.Instant t, ZoneId zone) {
    return t == null ? "" : MINUTE.format(t.atZone(zone));
  }

  /** Rounds for display and JSON: figures are shown with two decimals. */
  static Double round2(Double v) {
    return v == null ? null : Math.round(v * 100.0) / 100.0;
  }
}
