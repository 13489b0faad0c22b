package io.meterwatch.core.report;

import static io.meterwatch.core.report.ReportFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RectificationReportTest {
  static final Instant NOW = Instant.parse("2026-01-05T02:00:00Z");

  static ReportTable tracker(LocalDate asOf, boolean pastOnly) {
    return RectificationReport.build(
        asOf, pastOnly, null, registry(), CaseHistory.fold(events()), ZONE, NOW);
  }

  @Test
  void theExtensionShowsTheNewDeadlineAndTheMonthsLeft() {
    assertThat(tracker(LocalDate.of(2025, 7, 19), false).rows())
        .containsExactly(
            Arrays.asList(
                "汉滨区",
                A,
                "安康汉江水泥有限公司",
                "clinker",
                CLINKER,
                125.0,
                117.0,
                "kgce/t",
                "2025-01",
                "2025-07-31",
                2L,
                "2025-09-30",
                2L,
                "否",
                "延期整改",
                aQ1),
            Arrays.asList(
                "旬阳市",
                B,
                "旬阳秦岭水泥有限责任公司",
                "clinker",
                CLINKER,
                120.0,
                117.0,
                "kgce/t",
                "2025-01",
                "2025-07-31",
                null,
                "",
                null,
                "否",
                "已整改",
                bQ1));
  }

  @Test
  void beforeTheExtensionTheFirstDeadlineRuns() {
    assertThat(tracker(LocalDate.of(2025, 5, 10), false).rows().get(0))
        .isEqualTo(
            Arrays.asList(
                "汉滨区",
                A,
                "安康汉江水泥有限公司",
                "clinker",
                CLINKER,
                125.0,
                117.0,
                "kgce/t",
                "2025-01",
                "2025-07-31",
                null,
                "",
                2L,
                "否",
                "整改中",
                aQ1));
  }

  @Test
  void stillFailingAfterTheNewDeadlineIsClosureProposedThenClosed() {
    var past = tracker(LocalDate.of(2025, 10, 15), true);
    assertThat(past.title()).isEqualTo("能耗限额整改逾期（拟关停）企业清单");
    assertThat(past.rows())
        .containsExactly(
            Arrays.asList(
                "汉滨区",
                A,
                "安康汉江水泥有限公司",
                "clinker",
                CLINKER,
                125.0,
                117.0,
                "kgce/t",
                "2025-01",
                "2025-07-31",
                2L,
                "2025-09-30",
                0L,
                "是",
                "拟关停",
                aQ1));
    assertThat(tracker(LocalDate.of(2025, 12, 31), false).rows().get(0))
        .isEqualTo(
            Arrays.asList(
                "汉滨区",
                A,
                "安康汉江水泥有限公司",
                "clinker",
                CLINKER,
                125.0,
                117.0,
                "kgce/t",
                "2025-01",
                "2025-07-31",
                2L,
                "2025-09-30",
                null,
                "否",
                "已关停",
                aQ1));
    assertThat(tracker(LocalDate.of(2025, 12, 31), true).rows()).isEmpty();
  }
}
