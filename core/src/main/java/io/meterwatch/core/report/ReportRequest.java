package io.meterwatch.core.report;

import io.meterwatch.core.registry.County;
import io.meterwatch.core.registry.SiteRegistry;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One report asked for, with its parameters checked: what {@code meterwatch report} and the
 * console's report pages both build from. The same request over the same cases, entries, registry,
 * zone and time of generation gives the same {@link ReportTable}, and so the same bytes in every
 * format (docs/reports.md).
 *
 * @param report which report
 * @param period the period of a disclosure list, else {@code null}
 * @param year the year of the statistics table, else 0
 * @param asOf the last local day counted (statistics, rectification tracker), else {@code null}
 * @param by rows of the statistics table, else {@code null}
 * @param pastDeadline the rectification tracker lists only those past their deadline
 * @param countyId only this county (registry id), or {@code null} for every county
 * @param policy the serious-exceeder policy of the disclosure lists
 */
public record ReportRequest(
    Report report,
    ReportPeriod period,
    int year,
    LocalDate asOf,
    StatisticsReport.By by,
    boolean pastDeadline,
    String countyId,
    SeriousPolicy policy) {

  /** The reports; {@link #id()} is the command's subcommand (and kind) joined by '-'. */
  public enum Report {
    DISCLOSURE_EXCEEDING(DisclosureReport.Kind.EXCEEDING),
    DISCLOSURE_SERIOUS(DisclosureReport.Kind.SERIOUS),
    DISCLOSURE_RECTIFICATION(DisclosureReport.Kind.RECTIFICATION),
    DISCLOSURE_CLOSED(DisclosureReport.Kind.CLOSED),
    STATISTICS(null),
    RECTIFICATION(null);

    private final DisclosureReport.Kind kind;

    Report(DisclosureReport.Kind kind) {
      this.kind = kind;
    }

    /** The disclosure list, or {@code null} for the statistics table and the tracker. */
    public DisclosureReport.Kind kind() {
      return kind;
    }

    /** {@code disclosure-exceeding}, ..., {@code statistics}, {@code rectification}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The Chinese title. */
    public String titleZh() {
      return switch (this) {
        case STATISTICS -> "淘汰落后产能统计表";
        case RECTIFICATION -> "能耗限额整改跟踪表";
        default -> kind.titleZh();
      };
    }

    /** The report of an {@link #id()}. */
    public static Report of(String id) {
      for (Report r : values()) {
        if (r.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
          return r;
        }
      }
      List<String> ids = new ArrayList<>();
      for (Report r : values()) {
        ids.add(r.id());
      }
      throw new BadParameter(Param.REPORT, "'" + id + "' is not one of " + String.join(", ", ids));
    }
  }

  /** The parameters, as the command line and the console's API name them. */
  public enum Param {
    REPORT("report", "report"),
    KIND("--kind", "kind"),
    PERIOD("--period", "period"),
    COUNTY("--county", "county"),
    YEAR("--year", "year"),
    AS_OF("--as-of", "asOf"),
    BY("--by", "by");

    private final String flag;
    private final String apiName;

    Param(String flag, String apiName) {
      this.flag = flag;
      this.apiName = apiName;
    }

    public String flag() {
      return flag;
    }

    public String apiName() {
      return apiName;
    }
  }

  /** A parameter that is missing or wrong; the message does not repeat the parameter's name. */
  public static final class BadParameter extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final Param param;

    public BadParameter(Param param, String message) {
      super(message);
      this.param = param;
    }

    public Param param() {
      return param;
    }
  }

  /**
   * A disclosure list of a local period ({@code kind}: exceeding, serious, rectification, closed).
   */
  public static ReportRequest disclosure(
      String kind, String period, String county, SiteRegistry registry, SeriousPolicy policy) {
    if (kind == null || kind.isBlank()) {
      throw new BadParameter(Param.KIND, "missing (exceeding, serious, rectification or closed)");
    }
    DisclosureReport.Kind k;
    try {
      k = DisclosureReport.Kind.valueOf(kind.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadParameter(
          Param.KIND, "'" + kind + "' is not one of exceeding, serious, rectification, closed");
    }
    if (period == null || period.isBlank()) {
      throw new BadParameter(Param.PERIOD, "missing (e.g. 2025-03, 2025-Q1, 2025-H1 or 2025)");
    }
    ReportPeriod p;
    try {
      p = ReportPeriod.parse(period);
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new BadParameter(Param.PERIOD, e.getMessage());
    }
    return new ReportRequest(
        Report.valueOf("DISCLOSURE_" + k.name()),
        p,
        0,
        null,
        null,
        false,
        county(registry, county),
        policy == null ? SeriousPolicy.defaults() : policy);
  }

  /**
   * The statistics table of a year up to {@code asOf} (default: the year's last day), by county or
   * department ({@code by}, default county).
   */
  public static ReportRequest statistics(
      String year, String asOf, String by, String county, SiteRegistry registry) {
    if (year == null || year.isBlank()) {
      throw new BadParameter(Param.YEAR, "missing (e.g. 2025)");
    }
    int y;
    try {
      y = Integer.parseInt(year.trim());
    } catch (NumberFormatException e) {
      y = -1;
    }
    if (y < 2000 || y > 2999) {
      throw new BadParameter(Param.YEAR, year.trim() + " is not a year like 2025");
    }
    LocalDate day = asOf == null || asOf.isBlank() ? LocalDate.of(y, 12, 31) : date(asOf);
    if (day.getYear() != y) {
      throw new BadParameter(Param.AS_OF, day + " is not in " + y);
    }
    StatisticsReport.By rows;
    try {
      rows =
          StatisticsReport.By.valueOf(
              (by == null || by.isBlank() ? "county" : by.trim()).toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadParameter(Param.BY, "'" + by + "' is not one of county, department");
    }
    return new ReportRequest(
        Report.STATISTICS, null, y, day, rows, false, county(registry, county), null);
  }

  /** The rectification tracker at the end of {@code asOf} (default {@code today}). */
  public static ReportRequest rectification(
      String asOf, boolean pastDeadline, String county, SiteRegistry registry, LocalDate today) {
    LocalDate day = asOf == null || asOf.isBlank() ? today : date(asOf);
    return new ReportRequest(
        Report.RECTIFICATION, null, 0, day, null, pastDeadline, county(registry, county), null);
  }

  /**
   * The registry id of a county given by id, Chinese or English name; {@code null} for none.
   *
   * @throws BadParameter when the registry has no such county
   */
  public static String county(SiteRegistry registry, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.trim();
    for (County c : registry.counties().values()) {
      if (c.id().equalsIgnoreCase(t) || c.nameZh().equals(t) || c.nameEn().equalsIgnoreCase(t)) {
        return c.id();
      }
    }
    throw new BadParameter(
        Param.COUNTY,
        "'"
            + t
            + "' is not a county of the registry ("
            + String.join(", ", registry.counties().keySet())
            + ")");
  }

  private static LocalDate date(String text) {
    try {
      return LocalDate.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new BadParameter(Param.AS_OF, "'" + text + "' is not a date like 2025-07-19");
    }
  }

  /** Whether the report reads the imported entries ({@code report.entries}). */
  public boolean needsEntries() {
    return switch (report) {
      case DISCLOSURE_RECTIFICATION, DISCLOSURE_CLOSED, STATISTICS -> true;
      default -> false;
    };
  }

  /** The same request for one county (a county user's view of it). */
  public ReportRequest forCounty(String id) {
    return new ReportRequest(report, period, year, asOf, by, pastDeadline, id, policy);
  }

  /**
   * A file name without extension: {@code disclosure-exceeding-2025-Q1-hanbin}, {@code
   * statistics-2025-county-2025-07-19}, {@code rectification-2025-10-15-past-deadline}.
   */
  public String fileStem() {
    StringBuilder b = new StringBuilder(report.id());
    switch (report) {
      case STATISTICS ->
          b.append('-')
              .append(year)
              .append('-')
              .append(by.name().toLowerCase(Locale.ROOT))
              .append('-')
              .append(asOf);
      case RECTIFICATION -> b.append('-').append(asOf).append(pastDeadline ? "-past-deadline" : "");
      default -> b.append('-').append(period.label());
    }
    if (countyId != null) {
      b.append('-').append(countyId);
    }
    return b.toString();
  }

  /**
   * Builds the report. Cases are taken in the order of their opening (then case id), so the table
   * does not depend on the order a reader met the cases in (topic partitions interleave).
   */
  public ReportTable build(
      SiteRegistry registry,
      List<CaseHistory> cases,
      List<ReportEntry> entries,
      ZoneId zone,
      Instant generatedAt) {
    List<CaseHistory> ordered = new ArrayList<>(cases);
    ordered.sort(Comparator.comparing(CaseHistory::openedAt).thenComparing(CaseHistory::caseId));
    List<ReportEntry> in = needsEntries() ? entries : List.of();
    return switch (report) {
      case STATISTICS ->
          StatisticsReport.build(
              year, asOf, by, countyId, registry, ordered, in, zone, generatedAt);
      case RECTIFICATION ->
          RectificationReport.build(
              asOf, pastDeadline, countyId, registry, ordered, zone, generatedAt);
      default ->
          DisclosureReport.build(
              report.kind(), period, countyId, registry, ordered, in, policy, zone, generatedAt);
    };
  }
}
