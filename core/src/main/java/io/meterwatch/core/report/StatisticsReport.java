package io.meterwatch.core.report;

import static io.meterwatch.core.report.ReportTable.integer;
import static io.meterwatch.core.report.ReportTable.text;

import io.meterwatch.core.registry.Enterprise;
import io.meterwatch.core.registry.SiteRegistry;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The statistics table of capacity phased out: per county (registry order, then a total row) or per
 * responsible department, and per criterion, how many enterprises are monitored, have findings, are
 * under rectification, extended, rectified, proposed for closure and closed, for a year up to an
 * as-of day. An enterprise counts once per criterion, under its most advanced status ({@link
 * ReportStatus#rank()}); docs/reports.md has the definitions.
 */
public final class StatisticsReport {
  /** Rows by county or by department. */
  public enum By {
    COUNTY,
    DEPARTMENT
  }

  /** The figures of one criterion, in column order. */
  private static final String[][] FIGURES = {
    {"monitored", "监测企业数"},
    {"findings", "发现问题企业数"},
    {"rectifying", "整改中"},
    {"extended", "延期整改"},
    {"rectified", "已整改"},
    {"closureProposed", "拟关停"},
    {"closed", "已关停"}
  };

  private static final ReportStatus[] STATUS_COLUMNS = {
    ReportStatus.RECTIFYING,
    ReportStatus.EXTENDED,
    ReportStatus.RECTIFIED,
    ReportStatus.CLOSURE_PROPOSED,
    ReportStatus.CLOSED
  };

  private StatisticsReport() {}

  /** The columns of the table by county. */
  public static List<ReportTable.Column> countyColumns() {
    List<ReportTable.Column> cols = new ArrayList<>();
    cols.add(text("county", "县区"));
    for (Criterion c : Criterion.values()) {
      for (String[] f : FIGURES) {
        cols.add(
            new ReportTable.Column(
                c.label() + "." + f[0], f[1], ReportTable.Type.INTEGER, c.nameZh()));
      }
    }
    return cols;
  }

  /** The columns of the table by department. */
  public static List<ReportTable.Column> departmentColumns() {
    List<ReportTable.Column> cols = new ArrayList<>();
    cols.add(text("department", "责任部门"));
    cols.add(text("criterion", "标准类别"));
    for (String[] f : FIGURES) {
      cols.add(integer(f[0], f[1]));
    }
    return cols;
  }

  /**
   * Builds the table of every county.
   *
   * @param asOf the last local day counted (statuses as at its end)
   */
  public static ReportTable build(
      int year,
      LocalDate asOf,
      By by,
      SiteRegistry registry,
      List<CaseHistory> cases,
      List<ReportEntry> entries,
      ZoneId zone,
      Instant generatedAt) {
    return build(year, asOf, by, null, registry, cases, entries, zone, generatedAt);
  }

  /**
   * Builds the table.
   *
   * @param asOf the last local day counted (statuses as at its end)
   * @param countyId only the enterprises of this county (registry id; by county: its row and the
   *     total), or {@code null} for every county
   */
  public static ReportTable build(
      int year,
      LocalDate asOf,
      By by,
      String countyId,
      SiteRegistry registry,
      List<CaseHistory> cases,
      List<ReportEntry> entries,
      ZoneId zone,
      Instant generatedAt) {
    ReportNames names = new ReportNames(registry);
    ReportPeriod y = ReportPeriod.year(year);
    Instant from = y.start(zone);
    Instant to = asOf.plusDays(1).atStartOfDay(zone).toInstant();
    // criterion -> enterprise -> most advanced status
    Map<Criterion, Map<String, ReportStatus>> status = new EnumMap<>(Criterion.class);
    Map<Criterion, Set<String>> monitored = new EnumMap<>(Criterion.class);
    Map<String, String> countyOf = new LinkedHashMap<>();
    for (Criterion c : Criterion.values()) {
      status.put(c, new LinkedHashMap<>());
      monitored.put(c, new LinkedHashSet<>());
    }
    for (Enterprise e : registry.enterprises()) {
      countyOf.put(e.creditCode(), e.county());
      if (!e.energyQuotas().isEmpty()) {
        monitored.get(Criterion.ENERGY).add(e.creditCode());
      }
      if (!e.outlets().isEmpty()) {
        monitored.get(Criterion.ENVIRONMENT).add(e.creditCode());
      }
    }
    for (CaseHistory c : cases) {
      Criterion crit = c.criterion().orElse(null);
      if (crit == null || !c.activeDuring(from, to)) {
        continue;
      }
      ReportStatus s = c.statusAt(to).orElse(null);
      if (s == null || !s.finding()) {
        continue;
      }
      countyOf.putIfAbsent(c.enterprise(), names.countyId(c.enterprise(), c.county()));
      status.get(crit).merge(c.enterprise(), s, StatisticsReport::higher);
    }
    for (ReportEntry e : EntryStatus.latest(entries, asOf)) {
      monitored.get(e.criterion()).add(e.creditCode());
      if (e.status().finding() && (!e.date().isBefore(y.first()) || e.status().active())) {
        status.get(e.criterion()).merge(e.creditCode(), e.status(), StatisticsReport::higher);
      }
    }
    List<List<Object>> rows = new ArrayList<>();
    String period =
        year + " 年（截至 " + asOf + "）" + (countyId == null ? "" : "，" + names.countyName(countyId));
    if (by == By.COUNTY) {
      List<String> counties = new ArrayList<>(registry.counties().keySet());
      countyOf.values().stream()
          .distinct()
          .filter(c -> !counties.contains(c))
          .forEach(counties::add);
      if (countyId != null) {
        counties.retainAll(List.of(countyId));
      }
      long[] total = new long[Criterion.values().length * FIGURES.length];
      for (String county : counties) {
        List<Object> row = new ArrayList<>();
        row.add(names.countyName(county));
        int i = 0;
        for (Criterion c : Criterion.values()) {
          for (long v :
              figures(monitored.get(c), status.get(c), code -> county.equals(countyOf.get(code)))) {
            row.add(v);
            total[i++] += v;
          }
        }
        rows.add(row);
      }
      List<Object> sum = new ArrayList<>();
      sum.add("合计");
      for (long v : total) {
        sum.add(v);
      }
      rows.add(sum);
      return new ReportTable(
          "statistics-county",
          "淘汰落后产能统计表（按县区）",
          period,
          generatedAt,
          zone,
          countyColumns(),
          rows,
          notes());
    }
    long[] total = new long[FIGURES.length];
    for (Criterion c : Criterion.values()) {
      List<Object> row = new ArrayList<>();
      row.add(c.departmentZh());
      row.add(c.nameZh());
      int i = 0;
      for (long v :
          figures(
              monitored.get(c),
              status.get(c),
              code -> countyId == null || countyId.equals(countyOf.get(code)))) {
        row.add(v);
        total[i++] += v;
      }
      rows.add(row);
    }
    List<Object> sum = new ArrayList<>();
    sum.add("合计");
    sum.add("");
    for (long v : total) {
      sum.add(v);
    }
    rows.add(sum);
    return new ReportTable(
        "statistics-department",
        "淘汰落后产能统计表（按责任部门）",
        period,
        generatedAt,
        zone,
        departmentColumns(),
        rows,
        notes());
  }

  private static List<String> notes() {
    return List.of(
        "每家企业在每类标准下只计一次，按其最靠后的状态（已关停 > 拟关停 > 延期整改 > 整改中 > 核查中 > 已整改）；核查中的企业只计入发现问题企业数。",
        "能耗、环保来自监测案件；质量、安全、技术来自导入条目（meterwatch report import），其监测企业数为有导入条目的企业数。",
        "合计行为各行之和（按部门时，同一企业可在多类标准下各计一次）。");
  }

  private static long[] figures(
      Set<String> monitored,
      Map<String, ReportStatus> status,
      java.util.function.Predicate<String> inRow) {
    long[] out = new long[FIGURES.length];
    out[0] = monitored.stream().filter(inRow).count();
    for (Map.Entry<String, ReportStatus> e : status.entrySet()) {
      if (!inRow.test(e.getKey())) {
        continue;
      }
      out[1]++;
      for (int i = 0; i < STATUS_COLUMNS.length; i++) {
        if (STATUS_COLUMNS[i] == e.getValue()) {
          out[2 + i]++;
        }
      }
    }
    return out;
  }

  private static ReportStatus higher(ReportStatus a, ReportStatus b) {
    return b.rank() > a.rank() ? b : a;
  }
}
