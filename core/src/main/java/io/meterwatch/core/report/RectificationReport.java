package io.meterwatch.core.report;

import static io.meterwatch.core.report.ReportTable.decimal;
import static io.meterwatch.core.report.ReportTable.integer;
import static io.meterwatch.core.report.ReportTable.text;

import io.meterwatch.core.cases.Evidence;
import io.meterwatch.core.registry.SiteRegistry;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The rectification tracker: every energy-quota case (rule Q1) with its product, the measured
 * figure against the limit, the first failing month, the deadline, the extension and the new
 * deadline, the months left and the status, as at the end of an as-of day. Deadlines are shown as
 * the last local day before the due instant; a case past its deadline is CLOSURE_PROPOSED.
 */
public final class RectificationReport {
  public static final List<ReportTable.Column> COLUMNS =
      List.of(
          text("county", "县区"),
          text("creditCode", "统一社会信用代码"),
          text("enterprise", "企业名称"),
          text("product", "产品"),
          text("indicator", "能耗限额标准"),
          decimal("measured", "实测值"),
          decimal("limit", "限额"),
          text("unit", "单位"),
          text("firstFailingMonth", "首次不达标月份"),
          text("deadline", "整改期限"),
          integer("extensionMonths", "延期月数"),
          text("newDeadline", "延期后期限"),
          integer("monthsLeft", "剩余月数"),
          text("pastDeadline", "已逾期"),
          text("status", "状态"),
          text("caseId", "案件编号"));

  private RectificationReport() {}

  /**
   * Builds the tracker.
   *
   * @param pastDeadlineOnly only the cases past their deadline (closure proposed)
   * @param countyId only this county, or {@code null}
   */
  public static ReportTable build(
      LocalDate asOf,
      boolean pastDeadlineOnly,
      String countyId,
      SiteRegistry registry,
      List<CaseHistory> cases,
      ZoneId zone,
      Instant generatedAt) {
    ReportNames names = new ReportNames(registry);
    Instant to = asOf.plusDays(1).atStartOfDay(zone).toInstant();
    record Line(int countyRank, LocalDate deadline, List<Object> cells) {}
    List<Line> lines = new ArrayList<>();
    for (CaseHistory c : cases) {
      if (c.criterion().orElse(null) != Criterion.ENERGY) {
        continue;
      }
      ReportStatus status = c.statusAt(to).orElse(null);
      if (status == null || status == ReportStatus.DISMISSED) {
        continue;
      }
      String county = names.countyId(c.enterprise(), c.county());
      if (countyId != null && !countyId.equals(county)) {
        continue;
      }
      LocalDate deadline = lastDay(c.initialDue(), zone);
      LocalDate current = lastDay(c.dueAt(to), zone);
      boolean extended = c.extensionBefore(to).isPresent();
      boolean past = status.active() && current != null && current.isBefore(asOf);
      past = past || status == ReportStatus.CLOSURE_PROPOSED;
      if (pastDeadlineOnly && !past) {
        continue;
      }
      Evidence w = c.worstAt(to);
      Long monthsLeft =
          !status.active() || current == null
              ? null
              : Math.max(0, Period.between(asOf, current).toTotalMonths());
      lines.add(
          new Line(
              names.countyRank(county),
              current,
              Arrays.asList(
                  names.countyName(county),
                  c.enterprise(),
                  names.enterpriseName(c.enterprise(), c.enterpriseName()),
                  c.subject(),
                  c.parameter(),
                  w == null ? null : ReportNames.round2(w.value()),
                  w == null ? null : ReportNames.round2(w.limit()),
                  w == null || w.unit() == null ? "" : w.unit(),
                  YearMonth.from(c.firstWindowStart().atZone(zone)).toString(),
                  deadline == null ? "" : deadline.toString(),
                  extended
                      ? (Long)
                          Period.between(
                                  LocalDate.ofInstant(c.initialDue(), zone),
                                  LocalDate.ofInstant(c.dueAt(to), zone))
                              .toTotalMonths()
                      : (Long) null,
                  extended ? current.toString() : "",
                  monthsLeft,
                  past ? "是" : "否",
                  status.nameZh(),
                  c.caseId())));
    }
    lines.sort(
        Comparator.comparingInt(Line::countyRank)
            .thenComparing(Line::deadline, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(l -> (String) l.cells().get(15)));
    String period = "截至 " + asOf + (countyId == null ? "" : "，" + names.countyName(countyId));
    return new ReportTable(
        pastDeadlineOnly ? "rectification-past-deadline" : "rectification",
        pastDeadlineOnly ? "能耗限额整改逾期（拟关停）企业清单" : "能耗限额整改跟踪表",
        period,
        generatedAt,
        zone,
        COLUMNS,
        lines.stream().map(Line::cells).toList(),
        List.of(
            "整改期限为首次不达标后 6 个月，可延期一次，不超过 3 个月；逾期仍不达标的提请关停（拟关停）。",
            "实测值为案件事件中最高的月度单位产品能耗；剩余月数按整月计，逾期为 0。"));
  }

  /** The last local day before a due instant (a deadline at 00:00 on 1 October is 30 September). */
  private static LocalDate lastDay(Instant due, ZoneId zone) {
    return due == null ? null : LocalDate.ofInstant(due.minusMillis(1), zone);
  }
}
