package io.meterwatch.core.report;

import static io.meterwatch.core.report.ReportFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterwatch.core.cases.CaseEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportRequestTest {
  static final Instant NOW = Instant.parse("2026-01-05T02:00:00Z");

  static ReportTable build(ReportRequest r, List<CaseHistory> cases) {
    return r.build(registry(), cases, entries(), ZONE, NOW);
  }

  /**
   * Readers meet cases in different orders (partitions interleave); the tables are the same: a row
   * with two cases lists them in the order they opened, whichever came first to the reader.
   */
  @Test
  void theTableDoesNotDependOnTheOrderOfTheCases() {
    List<CaseEvent> all = new ArrayList<>(secondSo2Case());
    all.addAll(events());
    List<CaseHistory> cases = CaseHistory.fold(all);
    String second = cases.get(0).caseId();
    List<CaseHistory> reversed = new ArrayList<>(cases);
    Collections.reverse(reversed);
    ReportRequest exceeding = ReportRequest.disclosure("exceeding", "2025", null, registry(), null);
    assertThat(build(exceeding, cases).rows().get(0).get(16))
        .isEqualTo(aSo2 + "（核查中）；" + second + "（核查中）");
    assertThat(build(exceeding, cases).rows().get(0).get(6)).isEqualTo(4L);
    for (ReportRequest r :
        List.of(
            exceeding,
            ReportRequest.disclosure("rectification", "2025", null, registry(), null),
            ReportRequest.statistics("2025", "2025-07-19", "department", null, registry()),
            ReportRequest.rectification(
                "2025-10-15", false, null, registry(), LocalDate.of(2026, 1, 1)))) {
      assertThat(ReportCsv.text(build(r, reversed))).isEqualTo(ReportCsv.text(build(r, cases)));
    }
  }

  /** A county's statistics: its row and a total equal to it. */
  @Test
  void statisticsOfOneCounty() {
    ReportTable t =
        build(
            ReportRequest.statistics("2025", "2025-07-19", null, "汉滨区", registry()),
            CaseHistory.fold(events()));
    assertThat(t.period()).isEqualTo("2025 年（截至 2025-07-19），汉滨区");
    List<Object> hanbin =
        StatisticsReportTest.row(
            "汉滨区",
            StatisticsReportTest.f(1, 1, 0, 1, 0, 0, 0),
            StatisticsReportTest.f(1, 1, 0, 0, 0, 0, 0),
            StatisticsReportTest.f(1, 1, 1, 0, 0, 0, 0),
            StatisticsReportTest.NONE,
            StatisticsReportTest.f(1, 1, 0, 0, 0, 0, 1));
    List<Object> total = new ArrayList<>(hanbin);
    total.set(0, "合计");
    assertThat(t.rows()).containsExactly(hanbin, total);

    ReportTable byDepartment =
        build(
            ReportRequest.statistics("2025", null, "department", "xunyang", registry()),
            CaseHistory.fold(events()));
    assertThat(byDepartment.rows())
        .containsExactly(
            Arrays.asList("工业和信息化局、发展和改革委员会", "能耗", 1L, 1L, 0L, 0L, 1L, 0L, 0L),
            Arrays.asList("生态环境局", "环保", 1L, 1L, 0L, 0L, 0L, 0L, 0L),
            Arrays.asList("市场监督管理局", "质量", 0L, 0L, 0L, 0L, 0L, 0L, 0L),
            Arrays.asList("应急管理局", "安全", 1L, 1L, 0L, 0L, 1L, 0L, 0L),
            Arrays.asList("工业和信息化局、发展和改革委员会", "技术", 0L, 0L, 0L, 0L, 0L, 0L, 0L),
            Arrays.asList("合计", "", 3L, 3L, 0L, 0L, 2L, 0L, 0L));
  }

  @Test
  void reportsByIdAndFileNames() {
    assertThat(ReportRequest.Report.of("disclosure-serious"))
        .isEqualTo(ReportRequest.Report.DISCLOSURE_SERIOUS);
    assertThat(ReportRequest.disclosure("serious", "2025-q1", "汉滨区", registry(), null).fileStem())
        .isEqualTo("disclosure-serious-2025-Q1-hanbin");
    assertThat(ReportRequest.statistics("2025", "2025-07-19", null, null, registry()).fileStem())
        .isEqualTo("statistics-2025-county-2025-07-19");
    assertThat(
            ReportRequest.rectification("2025-10-15", true, null, registry(), LocalDate.now())
                .fileStem())
        .isEqualTo("rectification-2025-10-15-past-deadline");
  }

  @Test
  void eachBadParameterIsNamed() {
    assertBad(
        () -> ReportRequest.Report.of("weekly"),
        ReportRequest.Param.REPORT,
        "'weekly' is not one of disclosure-exceeding, disclosure-serious,"
            + " disclosure-rectification, disclosure-closed, statistics, rectification");
    assertBad(
        () -> ReportRequest.disclosure("exceeding", null, null, registry(), null),
        ReportRequest.Param.PERIOD,
        "missing (e.g. 2025-03, 2025-Q1, 2025-H1 or 2025)");
    assertBad(
        () -> ReportRequest.disclosure("exceeding", "2025-13", null, registry(), null),
        ReportRequest.Param.PERIOD,
        "not a month: '2025-13' (01..12)");
    assertBad(
        () -> ReportRequest.disclosure("worst", "2025", null, registry(), null),
        ReportRequest.Param.KIND,
        "'worst' is not one of exceeding, serious, rectification, closed");
    assertBad(
        () -> ReportRequest.statistics("2025", "2025-07-19", null, "ankang", registry()),
        ReportRequest.Param.COUNTY,
        "'ankang' is not a county of the registry (hanbin, xunyang, pingli)");
    assertBad(
        () -> ReportRequest.statistics("25", null, null, null, registry()),
        ReportRequest.Param.YEAR,
        "25 is not a year like 2025");
    assertBad(
        () -> ReportRequest.statistics("2025", "2026-01-01", null, null, registry()),
        ReportRequest.Param.AS_OF,
        "2026-01-01 is not in 2025");
    assertBad(
        () -> ReportRequest.statistics("2025", null, "enterprise", null, registry()),
        ReportRequest.Param.BY,
        "'enterprise' is not one of county, department");
    assertBad(
        () -> ReportRequest.rectification("19.7.2025", false, null, registry(), LocalDate.now()),
        ReportRequest.Param.AS_OF,
        "'19.7.2025' is not a date like 2025-07-19");
    assertThat(ReportRequest.Param.AS_OF.flag()).isEqualTo("--as-of");
    assertThat(ReportRequest.Param.AS_OF.apiName()).isEqualTo("asOf");
  }

  static void assertBad(Runnable r, ReportRequest.Param p, String message) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(
            ReportRequest.BadParameter.class, e -> assertThat(e.param()).isEqualTo(p))
        .hasMessage(message);
  }
}
