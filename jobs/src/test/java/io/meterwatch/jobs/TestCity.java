package io.meterwatch.jobs;

import static io.meterwatch.core.model.ParameterCatalogue.COD;
import static io.meterwatch.core.model.ParameterCatalogue.NH3N;
import static io.meterwatch.core.model.ParameterCatalogue.NOX;
import static io.meterwatch.core.model.ParameterCatalogue.PM;
import static io.meterwatch.core.model.ParameterCatalogue.SO2;

import io.meterwatch.core.model.ParameterCatalogue;
import io.meterwatch.core.registry.County;
import io.meterwatch.core.registry.EnergyMeter;
import io.meterwatch.core.registry.EnergyQuota;
import io.meterwatch.core.registry.Enterprise;
import io.meterwatch.core.registry.Outlet;
import io.meterwatch.core.registry.ProductionMeter;
import io.meterwatch.core.registry.SiteRegistry;
import io.meterwatch.core.standards.EmissionStandard;
import io.meterwatch.core.standards.EnergyIndicator;
import io.meterwatch.core.standards.EnergyQuotaStandard;
import io.meterwatch.core.standards.LimitVersion;
import io.meterwatch.core.standards.Medium;
import io.meterwatch.core.standards.StandardsCatalogue;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A small registry built in code with hand-checkable figures: one cement plant with a kiln stack
 * (GB 4915-2013, reference O2 10 %, NOx permit limit 320 until 2025-07-01 then 260), a wastewater
 * outlet (GB 8978-1996 class 1: COD 100, NH3-N 15 mg/L), energy and production meters and the
 * clinker energy quota (117 kgce/t, electricity 61 kWh/t).
 */
public final class TestCity {
  public static final String ENTERPRISE = "91610902MA6YA1B22C";
  public static final String COUNTY = "hanbin";
  public static final String KILN = "610902G0010001";
  public static final String KILN_OUTLET = "kiln-DA001";
  public static final String WATER = "610902W0010007";
  public static final String WATER_OUTLET = "water-DW001";
  public static final String POWER = "610902E0010003";
  public static final String COAL = "610902E0010004";
  public static final String CLINKER = "610902P0010005";
  public static final String UNKNOWN = "999999G9990001";

  public static final SiteRegistry REGISTRY = build();

  private TestCity() {}

  private static SiteRegistry build() {
    EmissionStandard cement =
        new EmissionStandard(
            "GB4915-2013",
            "GB 4915-2013 cement kiln",
            Medium.FLUE_GAS,
            10.0,
            "mg/m3",
            List.of(
                new LimitVersion(PM, 30, null, null),
                new LimitVersion(SO2, 200, null, null),
                new LimitVersion(NOX, 400, null, null)));
    EmissionStandard water =
        new EmissionStandard(
            "GB8978-1996-1",
            "GB 8978-1996 class 1",
            Medium.WASTEWATER,
            null,
            "mg/L",
            List.of(
                new LimitVersion(COD, 100, null, null), new LimitVersion(NH3N, 15, null, null)));
    EnergyQuotaStandard clinkerEnergy =
        new EnergyQuotaStandard(
            "GB16780-2021-clinker-energy",
            "GB 16780-2021 clinker, comprehensive energy",
            "clinker",
            EnergyIndicator.COMPREHENSIVE_ENERGY,
            "kgce/t",
            100,
            107,
            117,
            null,
            null);
    EnergyQuotaStandard clinkerPower =
        new EnergyQuotaStandard(
            "GB16780-2021-clinker-electricity",
            "GB 16780-2021 clinker, electricity",
            "clinker",
            EnergyIndicator.ELECTRICITY,
            "kWh/t",
            48,
            57,
            61,
            null,
            null);
    StandardsCatalogue standards =
        new StandardsCatalogue(
            Map.of(cement.id(), cement, water.id(), water),
            Map.of(clinkerEnergy.id(), clinkerEnergy, clinkerPower.id(), clinkerPower));
    Outlet kiln =
        new Outlet(
            KILN_OUTLET,
            "kiln tail stack",
            Medium.FLUE_GAS,
            KILN,
            null,
            "GB4915-2013",
            null,
            List.of(
                new LimitVersion(NOX, 320, null, LocalDate.of(2025, 7, 1)),
                new LimitVersion(NOX, 260, LocalDate.of(2025, 7, 1), null)),
            Map.of(SO2, 40.0, NOX, 5000.0));
    Outlet waterOutlet =
        new Outlet(
            WATER_OUTLET,
            "wastewater outlet",
            Medium.WASTEWATER,
            WATER,
            null,
            "GB8978-1996-1",
            null,
            List.of(),
            Map.of(COD, 2000.0));
    Enterprise plant =
        new Enterprise(
            ENTERPRISE,
            "安康汉江水泥有限公司",
            "Ankang Hanjiang Cement Co., Ltd.",
            COUNTY,
            "cement",
            List.of(kiln, waterOutlet),
            List.of(
                new EnergyMeter(POWER, null, ParameterCatalogue.ELECTRICITY, "kWh"),
                new EnergyMeter(COAL, null, ParameterCatalogue.COAL, "t")),
            List.of(new ProductionMeter(CLINKER, null, "clinker", "t")),
            List.of(
                new EnergyQuota("clinker", "GB16780-2021-clinker-energy", null),
                new EnergyQuota("clinker", "GB16780-2021-clinker-electricity", null)));
    return new SiteRegistry(
        List.of(new County(COUNTY, "汉滨区", "Hanbin District")), List.of(plant), standards);
  }
}
