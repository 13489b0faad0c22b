package io.meterwatch.core.model;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters meterwatch knows: HJ 212-2017 codes with their 2005 aliases, units and physical
 * ranges, plus the meterwatch codes for energy and production counters (docs/model.md). Codes not
 * in the catalogue are carried through unchanged; they are simply not judged by any rule.
 *
 * <p>Physical ranges are deliberately wide (what no analyser can report, not what is plausible):
 * they reject impossible values at the bridge; implausible-but-possible values are the data
 * verification detectors' business.
 */
public final class ParameterCatalogue {

  // Flue gas
  public static final String SO2 = "a21026";
  public static final String NOX = "a21002";
  public static final String PM = "a34013";
  public static final String O2 = "a19001";
  public static final String GAS_FLOW = "a00000";
  public static final String VELOCITY = "a01011";
  public static final String GAS_TEMPERATURE = "a01012";
  public static final String GAS_PRESSURE = "a01013";
  public static final String GAS_HUMIDITY = "a01014";
  public static final String CO = "a21005";
  public static final String NMHC = "a24088";
  // Wastewater
  public static final String WATER_FLOW = "w00000";
  public static final String PH = "w01001";
  public static final String COD = "w01018";
  public static final String NH3N = "w21003";
  public static final String TP = "w21011";
  public static final String TN = "w21001";
  // Energy and production counters (meterwatch codes, see docs/model.md)
  public static final String ELECTRICITY = "e01001";
  public static final String COAL = "e02001";
  public static final String NATURAL_GAS = "e03001";
  public static final String WATER = "e04001";
  public static final String DIESEL = "e05001";
  public static final String HEAT = "e06001";
  public static final String PRODUCT = "p01001";

  private static final double BIG = 1e9;

  // Concentrations also carry a detection limit (the last argument): about what online
  // analysers resolve. Clean effluent runs below 1 mg/L in phosphorus and ammonia, so one
  // absolute "near zero" for every pollutant would call normal water a bypass (D6).

  private static final Map<String, Parameter> BY_CODE = new LinkedHashMap<>();
  private static final Map<String, String> CODE_BY_2005 = new LinkedHashMap<>();

  static {
    add(SO2, "02", "SO2", "二氧化硫", "mg/m3", Quantity.CONCENTRATION, 0, 100_000, 1.0);
    add(NOX, "03", "NOx", "氮氧化物", "mg/m3", Quantity.CONCENTRATION, 0, 100_000, 1.0);
    add(PM, "01", "particulate matter", "颗粒物", "mg/m3", Quantity.CONCENTRATION, 0, 100_000, 1.0);
    add(O2, "S01", "oxygen", "氧气含量", "%", Quantity.OXYGEN, 0, 25);
    add(GAS_FLOW, "B02", "flue-gas flow", "烟气流量", "m3/s", Quantity.FLOW, 0, 100_000);
    add(VELOCITY, "S02", "flue-gas velocity", "烟气流速", "m/s", Quantity.CONDITION, 0, 200);
    add(
        GAS_TEMPERATURE,
        "S03",
        "flue-gas temperature",
        "烟气温度",
        "°C",
        Quantity.CONDITION,
        -60,
        1500);
    add(GAS_PRESSURE, "S08", "flue-gas pressure", "烟气压力", "kPa", Quantity.CONDITION, -500, 500);
    add(GAS_HUMIDITY, "S05", "flue-gas humidity", "烟气湿度", "%", Quantity.CONDITION, 0, 100);
    add(CO, "04", "CO", "一氧化碳", "mg/m3", Quantity.CONCENTRATION, 0, 100_000, 1.0);
    add(NMHC, null, "NMHC", "非甲烷总烃", "mg/m3", Quantity.CONCENTRATION, 0, 100_000, 0.1);
    add(WATER_FLOW, "B01", "wastewater flow", "污水流量", "L/s", Quantity.FLOW, 0, 1_000_000);
    add(PH, "001", "pH", "pH值", "", Quantity.PH, 0, 14);
    add(COD, "011", "COD", "化学需氧量", "mg/L", Quantity.CONCENTRATION, 0, 1_000_000, 1.0);
    add(NH3N, "060", "NH3-N", "氨氮", "mg/L", Quantity.CONCENTRATION, 0, 100_000, 0.05);
    add(TP, "101", "total phosphorus", "总磷", "mg/L", Quantity.CONCENTRATION, 0, 100_000, 0.01);
    add(TN, "065", "total nitrogen", "总氮", "mg/L", Quantity.CONCENTRATION, 0, 100_000, 0.1);
    add(ELECTRICITY, null, "electricity", "电力", "kWh", Quantity.ENERGY, 0, BIG * 1000);
    add(COAL, null, "raw coal", "原煤", "t", Quantity.ENERGY, 0, BIG);
    add(NATURAL_GAS, null, "natural gas", "天然气", "m3", Quantity.ENERGY, 0, BIG * 1000);
    add(WATER, null, "water", "水", "t", Quantity.ENERGY, 0, BIG);
    add(DIESEL, null, "diesel", "柴油", "t", Quantity.ENERGY, 0, BIG);
    add(HEAT, null, "heat", "热力", "MJ", Quantity.ENERGY, 0, BIG * 1000);
    add(PRODUCT, null, "product output", "产品产量", "t", Quantity.PRODUCTION, 0, BIG);
  }

  private ParameterCatalogue() {}

  private static void add(
      String code,
      String code2005,
      String name,
      String nameZh,
      String unit,
      Quantity q,
      double min,
      double max) {
    add(code, code2005, name, nameZh, unit, q, min, max, null);
  }

  private static void add(
      String code,
      String code2005,
      String name,
      String nameZh,
      String unit,
      Quantity q,
      double min,
      double max,
      Double detectionLimit) {
    BY_CODE.put(
        code, new Parameter(code, code2005, name, nameZh, unit, q, min, max, detectionLimit));
    if (code2005 != null) {
      CODE_BY_2005.put(code2005, code);
    }
  }

  /** The parameter for a 2017 code (or a meterwatch code). */
  public static Optional<Parameter> byCode(String code) {
    return Optional.ofNullable(BY_CODE.get(code));
  }

  /**
   * The 2017 code for a code as a device sent it: a 2017 code maps to itself, a 2005 code to its
   * 2017 code, an unknown code to itself.
   */
  public static String normalize(String sentCode) {
    if (BY_CODE.containsKey(sentCode)) {
      return sentCode;
    }
    return CODE_BY_2005.getOrDefault(sentCode, sentCode);
  }

  /** Every catalogued parameter. */
  public static Collection<Parameter> all() {
    return Collections.unmodifiableCollection(BY_CODE.values());
  }
}
