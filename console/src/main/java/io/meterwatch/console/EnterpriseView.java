package io.meterwatch.console;

import io.meterwatch.core.cases.CaseRecord;
import io.meterwatch.core.model.Parameter;
import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.registry.County;
import io.meterwatch.core.registry.Enterprise;
import io.meterwatch.core.registry.Outlet;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.standards.EmissionStandard;
import io.meterwatch.core.standards.EnergyQuotaStandard;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the enterprise page shows: the registry's facts about one enterprise (its outlets with the
 * standard and the limit of each parameter in force on a day, its energy and production meters and
 * energy quotas; never a meter password), and its cases from the read model.
 *
 * @param creditCode unified social credit code
 * @param name name in Chinese
 * @param nameEn name in English, or {@code null}
 * @param county county id
 * @param countyZh county name in Chinese, or {@code null}
 * @param countyEn county name in English, or {@code null}
 * @param industry industry, or {@code null}
 * @param limitsOn the local day the limits are those in force on
 * @param valuesFrom start of the hourly values the page charts (7 days before {@code valuesTo})
 * @param valuesTo end of the latest hour with a value of the enterprise, or the current hour
 * @param outlets the outlets
 * @param energyMeters the energy meters
 * @param productionMeters the production meters
 * @param energyQuotas the energy quotas with their mandatory limit
 * @param openCases the enterprise's cases not closed, by due time
 * @param recentCases its closed cases, latest first, at most {@link #RECENT}
 */
public record EnterpriseView(
    String creditCode,
    String name,
    String nameEn,
    String county,
    String countyZh,
    String countyEn,
    String industry,
    LocalDate limitsOn,
    Instant valuesFrom,
    Instant valuesTo,
    List<OutletView> outlets,
    List<MeterView> energyMeters,
    List<MeterView> productionMeters,
    List<QuotaView> energyQuotas,
    List<CaseRecord> openCases,
    List<CaseRecord> recentCases) {

  /** Closed cases listed. */
  public static final int RECENT = 20;

  /**
   * An outlet.
   *
   * @param id outlet id (the InfluxDB {@code outlet} tag)
   * @param name its name
   * @param medium FLUE_GAS or WASTEWATER
   * @param mn the analyser's MN
   * @param standard standard id
   * @param standardName the standard's name, or {@code null} when the catalogue lacks it
   * @param referenceO2 reference O2 in %, or {@code null}
   * @param parameters the limited parameters with their limit in force
   */
  public record OutletView(
      String id,
      String name,
      String medium,
      String mn,
      String standard,
      String standardName,
      Double referenceO2,
      List<ParameterLimit> parameters) {}

  /**
   * A limited parameter of an outlet.
   *
   * @param code HJ 212 code
   * @param name English name, or the code
   * @param nameZh Chinese name, or the code
   * @param unit the limit's unit
   * @param limit the limit in force on {@code limitsOn}, or {@code null} when none is
   * @param override whether the limit is the outlet's own override
   */
  public record ParameterLimit(
      String code, String name, String nameZh, String unit, Double limit, boolean override) {}

  /**
   * An energy or production meter.
   *
   * @param mn its MN
   * @param what energy carrier or product
   * @param unit unit of its values
   */
  public record MeterView(String mn, String what, String unit) {}

  /**
   * An energy quota.
   *
   * @param product the product
   * @param standard standard id
   * @param standardName name, or {@code null}
   * @param indicator the indicator, or {@code null}
   * @param unit unit of the limit, or {@code null}
   * @param limit the mandatory limit (the enterprise's override, else level 3), or {@code null}
   */
  public record QuotaView(
      String product,
      String standard,
      String standardName,
      String indicator,
      String unit,
      Double limit) {}

  /**
   * The view of one enterprise of the registry.
   *
   * @param day the local day whose limits are shown
   * @param valuesTo end of the 7 days of hourly values
   * @param cases every case of the enterprise (open and closed)
   */
  public static Optional<EnterpriseView> of(
      SiteRegistry registry,
      String creditCode,
      LocalDate day,
      Instant valuesTo,
      List<CaseRecord> cases) {
    Optional<Enterprise> found = registry.enterprise(creditCode);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Enterprise e = found.get();
    County county = registry.counties().get(e.county());
    List<OutletView> outlets = new ArrayList<>();
    for (Outlet o : e.outlets()) {
      Optional<EmissionStandard> std = registry.standards().emissionStandard(o.standard());
      List<ParameterLimit> params = new ArrayList<>();
      for (String code : std.map(EmissionStandard::parameters).orElse(List.of())) {
        Optional<Parameter> p = ParameterCatalogue.byCode(code);
        boolean override =
            o.limitOverrides().stream()
                .anyMatch(v -> v.parameter().equals(code) && v.inForceOn(day));
        params.add(
            new ParameterLimit(
                code,
                p.map(Parameter::name).orElse(code),
                p.map(Parameter::nameZh).orElse(code),
                std.map(EmissionStandard::unit).orElse(p.map(Parameter::unit).orElse(null)),
                registry.limitOn(o, code, day).orElse(null),
                override));
      }
      outlets.add(
          new OutletView(
              o.id(),
              o.name(),
              o.medium() == null ? null : o.medium().name(),
              o.mn(),
              o.standard(),
              std.map(EmissionStandard::name).orElse(null),
              registry.referenceO2(o).orElse(null),
              params));
    }
    List<MeterView> energy =
        e.energyMeters().stream().map(m -> new MeterView(m.mn(), m.carrier(), m.unit())).toList();
    List<MeterView> production =
        e.productionMeters().stream()
            .map(m -> new MeterView(m.mn(), m.product(), m.unit()))
            .toList();
    List<QuotaView> quotas = new ArrayList<>();
    for (var q : e.energyQuotas()) {
      Optional<EnergyQuotaStandard> s = registry.standards().energyQuota(q.standard());
      quotas.add(
          new QuotaView(
              q.product(),
              q.standard(),
              s.map(EnergyQuotaStandard::name).orElse(null),
              s.map(x -> x.indicator() == null ? null : x.indicator().name()).orElse(null),
              s.map(EnergyQuotaStandard::unit).orElse(null),
              q.limitOverride() != null
                  ? q.limitOverride()
                  : s.map(EnergyQuotaStandard::level3).orElse(null)));
    }
    List<CaseRecord> open = new ArrayList<>();
    List<CaseRecord> closed = new ArrayList<>();
    for (CaseRecord c : cases) {
      (c.status() == io.meterwatch.core.cases.CaseStatus.CLOSED ? closed : open).add(c);
    }
    open.sort(
        java.util.Comparator.comparing(
                CaseRecord::dueTime,
                java.util.Comparator.nullsLast(java.util.Comparator.<Instant>naturalOrder()))
            .thenComparing(CaseRecord::caseId));
    closed.sort(
        java.util.Comparator.comparing(
                CaseRecord::lastTime,
                java.util.Comparator.nullsFirst(java.util.Comparator.<Instant>naturalOrder()))
            .reversed()
            .thenComparing(CaseRecord::caseId));
    return Optional.of(
        new EnterpriseView(
            e.creditCode(),
            e.name(),
            e.nameEn(),
            e.county(),
            county == null ? null : county.nameZh(),
            county == null ? null : county.nameEn(),
            e.industry(),
            day,
            valuesTo.minus(java.time.Duration.ofDays(7)),
            valuesTo,
            outlets,
            energy,
            production,
            quotas,
            open,
            closed.subList(0, Math.min(RECENT, closed.size()))));
  }
}
