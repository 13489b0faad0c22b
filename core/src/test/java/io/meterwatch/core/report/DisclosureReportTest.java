package io.meterwatch.core.report;

import static io.meterwatch.core.report.ReportFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DisclosureReportTest {
  static final Instant NOW = Instant.parse("2026-01-05T02:00:00Z");
  static List<CaseHistory> cases;

  @BeforeAll
  static void fold() {
    cases = CaseHistory.fold(events());
  }

  static ReportTable list(DisclosureReport.Kind kind, String period, String county) {
    return DisclosureReport.build(
        kind,
        ReportPeriod.parse(period),
        county,
        registry(),
        cases,
        entries(),
        SeriousPolicy.defaults(),
        ZONE,
        NOW);
  }

  static List<Object> row(Object... v) {
    return Arrays.asList(v);
  }

  @Test
  void exceedingInTheFirstQuarterIncludesTheLastHourAndTheCaseOpenedAt2330OnMarch31() {
    ReportTable t = list(DisclosureReport.Kind.EXCEEDING, "2025-Q1", null);
    assertThat(t.title()).isEqualTo("超标排放企业名单");
    assertThat(t.period()).isEqualTo("2025-Q1（2025-01-01 至 2025-03-31）");
    assertThat(t.rows())
        .containsExactly(
            row(
                "汉滨区",
                A,
                "安康汉江水泥有限公司",
                "水泥",
                "窑尾（A-DA001）",
                "二氧化硫（a21026）",
                2L,
                1L,
                1L,
                122.5,
                35.0,
                "mg/m3",
                3.5,
                "GB 4915-2013",
                "是",
                "核查中",
                aSo2 + "（核查中）",
                ""),
            row(
                "旬阳市",
                B,
                "旬阳秦岭水泥有限责任公司",
                "水泥",
                "窑尾（B-DA001）",
                "氮氧化物（a21002）",
                1L,
                1L,
                1L,
                480.0,
                400.0,
                "mg/m3",
                1.2,
                "GB 4915-2013",
                "否",
                "核查中",
                bNox + "（核查中）",
                ""));
  }

  @Test
  void theSecondQuarterHasOnlyTheHourAfterMidnightAndNoWorstValueFromMarch() {
    ReportTable t = list(DisclosureReport.Kind.EXCEEDING, "2025-Q2", null);
    // The case's published worst window (31 March 23:00) lies in Q1: no value of Q2 is known.
    assertThat(t.rows())
        .containsExactly(
            row(
                "汉滨区",
                A,
                "安康汉江水泥有限公司",
                "水泥",
                "窑尾（A-DA001）",
                "二氧化硫（a21026）",
                1L,
                1L,
                1L,
                null,
                35.0,
                "mg/m3",
                null,
                "GB 4915-2013",
                "是",
                "核查中",
                aSo2 + "（核查中）",
                ""));
    assertThat(list(DisclosureReport.Kind.EXCEEDING, "2025-04", "xunyang").rows()).isEmpty();
    assertThat(list(DisclosureReport.Kind.EXCEEDING, "2025-03", "xunyang").rows()).hasSize(1);
    assertThat(list(DisclosureReport.Kind.EXCEEDING, "2025-02", null).rows())
        .as("C's alarm was closed as a device fault")
        .isEmpty();
  }

  @Test
  void seriousFollowsThePolicy() {
    assertThat(list(DisclosureReport.Kind.SERIOUS, "2025-Q1", null).rows())
        .extracting(r -> r.get(1))
        .containsExactly(A);
    // B becomes serious when 1.2 times the limit is enough
    ReportTable lenient =
        DisclosureReport.build(
            DisclosureReport.Kind.SERIOUS,
            ReportPeriod.parse("2025-Q1"),
            null,
            registry(),
            cases,
            entries(),
            new SeriousPolicy(io.meterwatch.core.cases.Severity.CLOSURE_PROPOSED, 1.2, 30),
            ZONE,
            NOW);
    assertThat(lenient.rows()).extracting(r -> r.get(1)).containsExactly(A, B);
  }

  @Test
  void rectificationListsEnergyCasesAndImportedEntriesUnderRectificationAtThePeriodEnd() {
    ReportTable t = list(DisclosureReport.Kind.RECTIFICATION, "2025-H1", null);
    assertThat(t.rows())
        .containsExactly(
            row(
                "汉滨区",
                A,
                "安康汉江水泥有限公司",
                "水泥",
                "clinker",
                CLINKER,
                0L,
                0L,
                1L,
                125.0,
                117.0,
                "kgce/t",
                1.07,
                "GB 16780-2021",
                "",
                "整改中",
                aQ1 + "（整改中）",
                ""),
            row(
                "汉滨区",
                D,
                "安康恒达化工有限公司",
                "化工",
                "-",
                "质量",
                0L,
                0L,
                0L,
                null,
                null,
                "",
                null,
                "",
                "",
                "整改中",
                "",
                "导入 2025-05-01：抽检不合格，责令整改"));
    assertThat(list(DisclosureReport.Kind.RECTIFICATION, "2025-Q3", null).rows())
        .extracting(r -> r.get(15))
        .as("A is extended at the end of Q3 (closure proposed on 1 October is in Q4)")
        .containsExactly("延期整改");
  }

  @Test
  void closedListsClosuresCarriedOutInThePeriod() {
    ReportTable t = list(DisclosureReport.Kind.CLOSED, "2025", null);
    assertThat(t.rows())
        .containsExactly(
            row(
                "汉滨区",
                A,
                "安康汉江水泥有限公司",
                "水泥",
                "clinker",
                CLINKER,
                0L,
                0L,
                1L,
                125.0,
                117.0,
                "kgce/t",
                1.07,
                "GB 16780-2021",
                "",
                "已关停",
                aQ1 + "（已关停）",
                ""),
            row(
                "汉滨区",
                D,
                "安康恒达化工有限公司",
                "化工",
                "-",
                "技术",
                0L,
                0L,
                0L,
                null,
                null,
                "",
                null,
                "",
                "",
                "已关停",
                "",
                "导入 2025-06-30：淘汰设备已拆除"),
            row(
                "汉滨区",
                D,
                "安康恒达化工有限公司",
                "化工",
                "-",
                "质量",
                0L,
                0L,
                0L,
                null,
                null,
                "",
                null,
                "",
                "",
                "已关停",
                "",
                "导入 2025-09-01：整改后仍不合格，依法关停"));
  }

  @Test
  void aPeriodWithoutFindingsIsAnEmptyTableWithItsHeadings() {
    ReportTable t = list(DisclosureReport.Kind.CLOSED, "2025-Q1", null);
    assertThat(t.rows()).isEmpty();
    assertThat(t.columns()).hasSize(18);
    assertThat(t.columns().get(0).title()).isEqualTo("县区");
  }
}
