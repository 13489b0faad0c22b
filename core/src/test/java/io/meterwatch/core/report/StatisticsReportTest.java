package io.meterwatch.core.report;

import static io.meterwatch.core.report.ReportFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatisticsReportTest {
  static final Instant NOW = Instant.parse("2026-01-05T02:00:00Z");

  static ReportTable table(LocalDate asOf, StatisticsReport.By by) {
    return StatisticsReport.build(
        2025, asOf, by, registry(), CaseHistory.fold(events()), entries(), ZONE, NOW);
  }

  /** A county row: name then the 5 criteria's 7 figures. */
  static List<Object> row(String county, long[]... criteria) {
    List<Object> r = new ArrayList<>();
    r.add(county);
    for (long[] c : criteria) {
      for (long v : c) {
        r.add(v);
      }
    }
    return r;
  }

  static long[] f(long... v) {
    return v;
  }

  static final long[] NONE = f(0, 0, 0, 0, 0, 0, 0);

  @Test
  void byCountyOn19July() {
    ReportTable t = table(LocalDate.of(2025, 7, 19), StatisticsReport.By.COUNTY);
    assertThat(t.period()).isEqualTo("2025 年（截至 2025-07-19）");
    assertThat(t.columns()).hasSize(36);
    assertThat(t.columns().get(1).fullTitle()).isEqualTo("能耗·监测企业数");
    assertThat(t.columns().get(35).group()).isEqualTo("技术");
    assertThat(t.columns().get(35).title()).isEqualTo("已关停");
    assertThat(ReportTable.groupSpan(t.columns(), 8)).isEqualTo(7);
    // columns per criterion: monitored, findings, rectifying, extended, rectified, closure
    // proposed, closed; criteria: energy, environment, quality, safety, technology
    assertThat(t.rows())
        .containsExactly(
            row(
                "汉滨区",
                f(1, 1, 0, 1, 0, 0, 0),
                f(1, 1, 0, 0, 0, 0, 0),
                f(1, 1, 1, 0, 0, 0, 0),
                NONE,
                f(1, 1, 0, 0, 0, 0, 1)),
            row(
                "旬阳市",
                f(1, 1, 0, 0, 1, 0, 0),
                f(1, 1, 0, 0, 0, 0, 0),
                NONE,
                f(1, 1, 0, 0, 1, 0, 0),
                NONE),
            row("平利县", NONE, f(1, 0, 0, 0, 0, 0, 0), NONE, NONE, NONE),
            row(
                "合计",
                f(2, 2, 0, 1, 1, 0, 0),
                f(3, 2, 0, 0, 0, 0, 0),
                f(1, 1, 1, 0, 0, 0, 0),
                f(1, 1, 0, 0, 1, 0, 0),
                f(1, 1, 0, 0, 0, 0, 1)));
  }

  @Test
  void byDepartmentAtTheYearEnd() {
    ReportTable t = table(LocalDate.of(2025, 12, 31), StatisticsReport.By.DEPARTMENT);
    assertThat(t.rows())
        .containsExactly(
            Arrays.asList("工业和信息化局、发展和改革委员会", "能耗", 2L, 2L, 0L, 0L, 1L, 0L, 1L),
            Arrays.asList("生态环境局", "环保", 3L, 2L, 0L, 0L, 0L, 0L, 0L),
            Arrays.asList("市场监督管理局", "质量", 1L, 1L, 0L, 0L, 0L, 0L, 1L),
            Arrays.asList("应急管理局", "安全", 1L, 1L, 0L, 0L, 1L, 0L, 0L),
            Arrays.asList("工业和信息化局、发展和改革委员会", "技术", 1L, 1L, 0L, 0L, 0L, 0L, 1L),
            Arrays.asList("合计", "", 8L, 7L, 0L, 0L, 2L, 0L, 3L));
  }

  @Test
  void aYearWithoutCasesCountsOnlyWhatIsMonitored() {
    ReportTable t =
        StatisticsReport.build(
            2025,
            LocalDate.of(2025, 7, 19),
            StatisticsReport.By.COUNTY,
            registry(),
            List.of(),
            List.of(),
            ZONE,
            NOW);
    assertThat(t.rows()).hasSize(4);
    assertThat(t.rows().get(3))
        .isEqualTo(row("合计", f(2, 0, 0, 0, 0, 0, 0), f(3, 0, 0, 0, 0, 0, 0), NONE, NONE, NONE));
  }
}
