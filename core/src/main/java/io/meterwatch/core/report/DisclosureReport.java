package io.meterwatch.core.report;

import static io.meterwatch.core.report.ReportTable.decimal;
import static io.meterwatch.core.report.ReportTable.integer;
import static io.meterwatch.core.report.ReportTable.text;

import io.meterwatch.core.cases.Evidence;
import io.meterwatch.core.cases.Severity;
import io.meterwatch.core.registry.SiteRegistry;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The disclosure lists of the plan: enterprises exceeding emission standards, the serious
 * exceeders, those that must rectify within a deadline, and those closed by law. One row per
 * enterprise, outlet (or product) and parameter (or indicator); docs/reports.md defines each list.
 */
public final class DisclosureReport {
  /** Which list. */
  public enum Kind {
    EXCEEDING("超标排放企业名单"),
    SERIOUS("严重超标排放企业名单"),
    RECTIFICATION("不达标限期整改企业名单"),
    CLOSED("整改后仍不达标依法关停企业名单");

    private final String titleZh;

    Kind(String titleZh) {
      this.titleZh = titleZh;
    }

    public String titleZh() {
      return titleZh;
    }
  }

  /** The columns, in order. */
  public static final List<ReportTable.Column> COLUMNS =
      List.of(
          text("county", "县区"),
          text("creditCode", "统一社会信用代码"),
          text("enterprise", "企业名称"),
          text("industry", "行业"),
          text("subject", "排放口或产品"),
          text("parameter", "污染物或指标"),
          integer("exceedingHours", "超标小时数"),
          integer("exceedingDays", "超标天数"),
          integer("exceedingMonths", "超标月数"),
          decimal("worstValue", "最大值"),
          decimal("limit", "限值"),
          text("unit", "单位"),
          decimal("limitTimes", "最大值为限值的倍数"),
          text("standard", "执行标准"),
          text("serious", "严重超标"),
          text("status", "状态"),
          text("cases", "案件编号及状态"),
          text("note", "备注"));

  private DisclosureReport() {}

  /** One row being gathered. */
  private static final class Row {
    String countyId;
    String creditCode;
    String enterpriseName;
    String subject;
    String parameter;
    int hours;
    final Set<LocalDate> days = new TreeSet<>();
    final Set<YearMonth> months = new TreeSet<>();
    Evidence worst;
    // limit, unit and standard when no window of the period was published with its value
    Evidence info;
    Severity severity;
    ReportStatus status;
    final List<String> cases = new ArrayList<>();
    String note = "";

    void status(ReportStatus s) {
      if (status == null || s.rank() > status.rank()) {
        status = s;
      }
    }
  }

  /**
   * Builds a list.
   *
   * @param countyId only this county (registry id), or {@code null} for all
   */
  public static ReportTable build(
      Kind kind,
      ReportPeriod period,
      String countyId,
      SiteRegistry registry,
      List<CaseHistory> cases,
      List<ReportEntry> entries,
      SeriousPolicy policy,
      ZoneId zone,
      Instant generatedAt) {
    ReportNames names = new ReportNames(registry);
    Instant from = period.start(zone);
    Instant to = period.endInstant(zone);
    Map<String, Row> rows = new LinkedHashMap<>();
    for (CaseHistory c : cases) {
      Criterion criterion = c.criterion().orElse(null);
      if (criterion == null) {
        continue;
      }
      ReportStatus status = c.statusAt(to).orElse(null);
      if (status == null || status == ReportStatus.DISMISSED) {
        continue;
      }
      CaseHistory.Exceedance ex = c.exceedance(from, to, zone);
      boolean listed =
          switch (kind) {
            case EXCEEDING, SERIOUS -> criterion == Criterion.ENVIRONMENT && ex.any();
            case RECTIFICATION ->
                criterion != Criterion.ENVIRONMENT && c.activeDuring(from, to) && status.active();
            case CLOSED ->
                status == ReportStatus.CLOSED
                    && c.closedBefore(to).map(e -> !e.eventTime().isBefore(from)).orElse(false);
          };
      if (!listed) {
        continue;
      }
      Row r =
          rows.computeIfAbsent(
              c.enterprise() + "|" + c.subject() + "|" + c.parameter(), k -> new Row());
      r.countyId = names.countyId(c.enterprise(), c.county());
      r.creditCode = c.enterprise();
      r.enterpriseName = names.enterpriseName(c.enterprise(), c.enterpriseName());
      r.subject = names.subject(c.enterprise(), c.subject());
      r.parameter = ReportNames.parameter(c.parameter());
      r.hours += ex.hours();
      r.days.addAll(ex.days());
      r.months.addAll(ex.months());
      if (ex.worst() != null && CaseHistory.worse(ex.worst(), r.worst)) {
        r.worst = ex.worst();
      }
      if (r.info == null) {
        r.info = c.evidenceAt(to);
      }
      Severity sev = c.severityAt(to);
      if (sev != null && (r.severity == null || sev.compareTo(r.severity) > 0)) {
        r.severity = sev;
      }
      r.status(status);
      r.cases.add(c.caseId() + "（" + status.nameZh() + "）");
    }
    if (kind == Kind.RECTIFICATION || kind == Kind.CLOSED) {
      for (ReportEntry e : EntryStatus.latest(entries, period.last())) {
        boolean listed =
            kind == Kind.RECTIFICATION
                ? e.status().active() && e.status() != ReportStatus.OPEN
                : e.status() == ReportStatus.CLOSED
                    && !e.date().isBefore(period.first())
                    && e.date().isBefore(period.end());
        if (!listed) {
          continue;
        }
        Row r = rows.computeIfAbsent(e.creditCode() + "|" + e.criterion(), k -> new Row());
        r.countyId = names.countyId(e.creditCode(), null);
        r.creditCode = e.creditCode();
        r.enterpriseName = names.enterpriseName(e.creditCode(), null);
        r.subject = "-";
        r.parameter = e.criterion().nameZh();
        r.status(e.status());
        r.note = "导入 " + e.date() + (e.note().isEmpty() ? "" : "：" + e.note());
      }
    }
    List<List<Object>> out = new ArrayList<>();
    rows.values().stream()
        .filter(r -> countyId == null || countyId.equals(r.countyId))
        .filter(
            r ->
                kind != Kind.SERIOUS
                    || policy.serious(
                        r.severity,
                        r.worst == null ? null : r.worst.value(),
                        r.worst == null ? null : r.worst.limit(),
                        r.days.size()))
        .sorted(
            Comparator.comparingInt((Row r) -> names.countyRank(r.countyId))
                .thenComparing(r -> r.creditCode)
                .thenComparing(r -> r.subject)
                .thenComparing(r -> r.parameter))
        .forEach(
            r -> {
              Evidence w = r.worst;
              Evidence i = w != null ? w : r.info;
              boolean serious =
                  kind != Kind.RECTIFICATION
                      && kind != Kind.CLOSED
                      && policy.serious(
                          r.severity,
                          w == null ? null : w.value(),
                          w == null ? null : w.limit(),
                          r.days.size());
              Double times =
                  w == null || w.value() == null || w.limit() == null || w.limit() == 0
                      ? null
                      : ReportNames.round2(w.value() / w.limit());
              out.add(
                  java.util.Arrays.asList(
                      names.countyName(r.countyId),
                      r.creditCode,
                      r.enterpriseName,
                      names.industry(r.creditCode),
                      r.subject,
                      r.parameter,
                      (long) r.hours,
                      (long) r.days.size(),
                      (long) r.months.size(),
                      w == null ? null : ReportNames.round2(w.value()),
                      i == null ? null : ReportNames.round2(i.limit()),
                      i == null || i.unit() == null ? "" : i.unit(),
                      times,
                      i == null || i.standard() == null ? "" : i.standard(),
                      kind == Kind.EXCEEDING || kind == Kind.SERIOUS ? (serious ? "是" : "否") : "",
                      r.status.nameZh(),
                      String.join("；", r.cases),
                      r.note));
            });
    List<String> notes = new ArrayList<>();
    notes.add("来源：案件事件（Kafka alerts），导入的质量、安全、技术条目；不重新判定监测数据。");
    if (kind == Kind.SERIOUS || kind == Kind.EXCEEDING) {
      notes.add(
          "严重超标：案件达到 "
              + policy.minSeverity()
              + "，或最大值达到限值的 "
              + policy.limitTimes()
              + " 倍，或超标天数不少于 "
              + policy.minDays()
              + " 天。");
    }
    String countyText = countyId == null ? "" : "，" + names.countyName(countyId);
    return new ReportTable(
        "disclosure-" + kind.name().toLowerCase(java.util.Locale.ROOT),
        kind.titleZh(),
        ReportNames.period(period) + countyText,
        generatedAt,
        zone,
        COLUMNS,
        out,
        notes);
  }
}
