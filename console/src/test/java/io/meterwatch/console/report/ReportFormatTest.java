package io.meterwatch.console.report;

import static io.meterwatch.core.report.ReportFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterwatch.core.report.CaseHistory;
import io.meterwatch.core.report.ReportRequest;
import io.meterwatch.core.report.ReportTable;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.Test;

class ReportFormatTest {
  static final Instant GENERATED = Instant.parse("2026-01-05T02:00:00Z");

  static ReportTable statistics() {
    return ReportRequest.statistics("2025", "2025-07-19", "county", null, registry())
        .build(registry(), CaseHistory.fold(events()), entries(), ZONE, GENERATED);
  }

  /**
   * The same table gives the same XLSX bytes at another wall-clock time (a download and the command
   * must match): the workbook's creation time is the report's time of generation, and every zip
   * entry carries no wall-clock time (zip times have a 2-second grain, so the runs are 2.1 s
   * apart).
   */
  @Test
  void theSameTableGivesTheSameXlsxBytesLater() throws Exception {
    byte[] first = ReportFormat.XLSX.bytes(statistics());
    Thread.sleep(2100);
    byte[] second = ReportFormat.XLSX.bytes(statistics());
    assertThat(second).isEqualTo(first);
    try (Workbook wb = WorkbookFactory.create(new ByteArrayInputStream(first))) {
      Sheet s = wb.getSheetAt(0);
      assertThat(s.getSheetName()).isEqualTo("statistics-county");
      assertThat(s.getRow(0).getCell(0).getStringCellValue()).isEqualTo("淘汰落后产能统计表（按县区）");
      assertThat(s.getRow(ReportXlsx.HEADING_ROW + 2).getCell(0).getStringCellValue())
          .isEqualTo("汉滨区");
      assertThat(s.getRow(ReportXlsx.HEADING_ROW + 5).getCell(0).getStringCellValue())
          .isEqualTo("合计");
      assertThat(s.getRow(ReportXlsx.HEADING_ROW + 5).getCell(1).getNumericCellValue())
          .isEqualTo(2.0);
    }
    int entries = 0;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(first))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        // 2026-01-05T02:00:00Z is 10:00 in Asia/Shanghai
        assertThat(e.getTimeLocal()).isEqualTo(LocalDateTime.of(2026, 1, 5, 10, 0));
        entries++;
      }
    }
    assertThat(entries).isEqualTo(9);
  }

  @Test
  void formatsByNameWithTheirContentTypes() {
    assertThat(ReportFormat.of("CSV")).isEqualTo(ReportFormat.CSV);
    assertThat(ReportFormat.of("xlsx").contentType())
        .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assertThat(ReportFormat.HTML.attachment()).isFalse();
    assertThat(ReportFormat.CSV.attachment()).isTrue();
    assertThat(ReportFormat.CSV.bytes(statistics())).startsWith(0xEF, 0xBB, 0xBF);
    assertThatThrownBy(() -> ReportFormat.of("pdf"))
        .hasMessage("'pdf' is not one of csv, xlsx, html, json");
    assertThat(LocalDate.of(2025, 7, 19).getYear()).isEqualTo(2025);
  }
}
