package io.meterwatch.core.report;

import static io.meterwatch.core.report.ReportFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meterwatch.core.cases.Severity;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportFormatsTest {
  static final ReportTable T =
      new ReportTable(
          "test",
          "超标排放企业名单",
          "2025-Q1（2025-01-01 至 2025-03-31）",
          Instant.parse("2025-04-01T02:03:04Z"),
          ZONE,
          List.of(
              ReportTable.text("enterprise", "企业名称"),
              ReportTable.integer("hours", "超标小时数"),
              ReportTable.decimal("worst", "最大值")),
          List.of(Arrays.asList("安康\"汉江\"水泥, 有限公司", 2L, 122.5), Arrays.asList("<旬阳>", 1L, null)),
          List.of("注：测试"));

  @Test
  void csvHasABomChineseHeadingsAndQuotedFields() {
    byte[] b = ReportCsv.bytes(T);
    assertThat(Arrays.copyOf(b, 3)).containsExactly(0xEF, 0xBB, 0xBF);
    assertThat(new String(b, StandardCharsets.UTF_8))
        .isEqualTo(
            "\uFEFF企业名称,超标小时数,最大值\r\n" + "\"安康\"\"汉江\"\"水泥, 有限公司\",2,122.50\r\n" + "<旬阳>,1,\r\n");
  }

  @Test
  void htmlIsPrintableOnA4WithPeriodAndTimeOfGeneration() {
    String h = new String(ReportHtml.bytes(T), StandardCharsets.UTF_8);
    assertThat(h)
        .contains("<meta charset=\"utf-8\">")
        .contains("@page { size: A4 landscape;")
        .contains("<h1>超标排放企业名单</h1>")
        .contains("统计期间：2025-Q1（2025-01-01 至 2025-03-31）　生成时间：2025-04-01 10:03:04（Asia/Shanghai）")
        .contains("<th>企业名称</th><th>超标小时数</th><th>最大值</th>")
        .contains(
            "<td>安康&quot;汉江&quot;水泥, 有限公司</td><td class=\"n\">2</td><td class=\"n\">122.50</td>")
        .contains("<td>&lt;旬阳&gt;</td>")
        .contains("<li>注：测试</li>");
  }

  @Test
  void groupedColumnsGetTwoHeadingRowsInHtmlAndOneLineInCsv() {
    ReportTable g =
        new ReportTable(
            "grouped",
            "统计表",
            "2025",
            Instant.parse("2025-04-01T02:03:04Z"),
            ZONE,
            List.of(
                ReportTable.text("county", "县区"),
                new ReportTable.Column("energy.a", "监测企业数", ReportTable.Type.INTEGER, "能耗"),
                new ReportTable.Column("energy.b", "已关停", ReportTable.Type.INTEGER, "能耗"),
                new ReportTable.Column("env.a", "监测企业数", ReportTable.Type.INTEGER, "环保")),
            List.of(Arrays.asList("合计", 2L, 1L, 3L)),
            List.of());
    assertThat(new String(ReportHtml.bytes(g), StandardCharsets.UTF_8))
        .contains(
            "<thead><tr><th rowspan=\"2\">县区</th><th colspan=\"2\">能耗</th>"
                + "<th colspan=\"1\">环保</th></tr>\n"
                + "<tr><th>监测企业数</th><th>已关停</th><th>监测企业数</th></tr></thead>")
        .contains("<tr class=\"total\"><td>合计</td>");
    assertThat(ReportCsv.text(g)).startsWith("\uFEFF县区,能耗·监测企业数,能耗·已关停,环保·监测企业数\r\n合计,2,1,3\r\n");
  }

  @Test
  void jsonKeysRowsByColumn() throws Exception {
    JsonNode j = new ObjectMapper().readTree(ReportJson.bytes(T));
    assertThat(j.path("title").asText()).isEqualTo("超标排放企业名单");
    assertThat(j.path("generatedAt").asText()).isEqualTo("2025-04-01T02:03:04Z");
    assertThat(j.path("columns").get(2).path("title").asText()).isEqualTo("最大值");
    assertThat(j.path("rows").get(0).path("enterprise").asText()).isEqualTo("安康\"汉江\"水泥, 有限公司");
    assertThat(j.path("rows").get(0).path("worst").asDouble()).isEqualTo(122.5);
    assertThat(j.path("rows").get(1).path("worst").isNull()).isTrue();
  }

  @Test
  void theSeriousPolicyFileKeepsDefaultsForKeysLeftOut() throws Exception {
    assertThat(SeriousPolicy.read(new StringReader("# stricter\nminDays=3\n")))
        .isEqualTo(new SeriousPolicy(Severity.SEVERE, 3.0, 3));
    assertThatThrownBy(() -> SeriousPolicy.read(new StringReader("minDayz=3")))
        .hasMessageStartingWith("unknown key 'minDayz'");
    assertThatThrownBy(() -> SeriousPolicy.read(new StringReader("limitTimes=0.5")))
        .hasMessage("limitTimes: must be above 1, got 0.5");
    assertThatThrownBy(() -> SeriousPolicy.read(new StringReader("minSeverity=HIGH")))
        .hasMessageStartingWith("minSeverity: 'HIGH' is not one of");
  }
}
