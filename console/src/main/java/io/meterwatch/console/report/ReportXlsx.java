package io.meterwatch.console.report;

import io.meterwatch.core.report.ReportTable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A report as an XLSX workbook (Apache POI): one sheet named after the report, the title and the
 * period in the first two lines, the Chinese headings in the third (and fourth, when columns are
 * grouped; frozen, repeated on every printed page), then one row per report row; whole numbers
 * formatted {@code 0}, decimals {@code 0.00}, empty values as blank cells; A4 landscape, fitted to
 * the page width. The same table gives the same bytes.
 */
public final class ReportXlsx {
  /** Index of the (first) heading row (the title and the period are above it). */
  public static final int HEADING_ROW = 2;

  private static final DateTimeFormatter SECOND =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private ReportXlsx() {}

  public static void write(ReportTable t, OutputStream out) throws IOException {
    try (Workbook wb = new XSSFWorkbook()) {
      Sheet sheet = wb.createSheet(t.name());
      Font bold = wb.createFont();
      bold.setBold(true);
      CellStyle title = wb.createCellStyle();
      Font big = wb.createFont();
      big.setBold(true);
      big.setFontHeightInPoints((short) 14);
      title.setFont(big);
      CellStyle heading = bordered(wb);
      heading.setFont(bold);
      heading.setWrapText(true);
      heading.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
      heading.setFillPattern(FillPatternType.SOLID_FOREGROUND);
      CellStyle text = bordered(wb);
      CellStyle integer = bordered(wb);
      integer.setDataFormat(wb.createDataFormat().getFormat("0"));
      CellStyle decimal = bordered(wb);
      decimal.setDataFormat(wb.createDataFormat().getFormat("0.00"));

      int width = t.columns().size();
      sheet.createRow(0).createCell(0).setCellValue(t.title());
      sheet.getRow(0).getCell(0).setCellStyle(title);
      sheet
          .createRow(1)
          .createCell(0)
          .setCellValue(
              "统计期间："
                  + t.period()
                  + "　生成时间："
                  + SECOND.format(t.generatedAt().atZone(t.zone()))
                  + "（"
                  + t.zone().getId()
                  + "）");
      if (width > 1) {
        sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, width - 1));
        sheet.addMergedRegion(new CellRangeAddress(1, 1, 0, width - 1));
      }
      int lastHeading = headings(sheet, t, heading);
      int r = lastHeading + 1;
      for (List<Object> values : t.rows()) {
        Row row = sheet.createRow(r++);
        for (int i = 0; i < width; i++) {
          Cell c = row.createCell(i);
          Object v = values.get(i);
          switch (t.columns().get(i).type()) {
            case TEXT -> c.setCellStyle(text);
            case INTEGER -> c.setCellStyle(integer);
            case DECIMAL -> c.setCellStyle(decimal);
          }
          if (v instanceof Number n) {
            c.setCellValue(n.doubleValue());
          } else if (v != null) {
            c.setCellValue(v.toString());
          }
        }
      }
      r++;
      for (String note : t.notes()) {
        sheet.createRow(r++).createCell(0).setCellValue(note);
      }
      sheet.createFreezePane(0, lastHeading + 1);
      sheet.setRepeatingRows(new CellRangeAddress(HEADING_ROW, lastHeading, 0, width - 1));
      PrintSetup print = sheet.getPrintSetup();
      print.setPaperSize(PrintSetup.A4_PAPERSIZE);
      print.setLandscape(true);
      print.setFitWidth((short) 1);
      print.setFitHeight((short) 0);
      sheet.setFitToPage(true);
      // the document's creation time is the report's, not the wall clock's: the same report gives
      // the same bytes (the command and the console's download)
      ((XSSFWorkbook) wb)
          .getProperties()
          .getCoreProperties()
          .setCreated(Optional.of(Date.from(t.generatedAt())));
      ByteArrayOutputStream poi = new ByteArrayOutputStream();
      wb.write(poi);
      stampEntries(poi.toByteArray(), LocalDateTime.ofInstant(t.generatedAt(), t.zone()), out);
    }
  }

  /**
   * Copies the workbook's zip with every entry dated {@code at}: POI dates each entry with the wall
   * clock, so two writes of one report would differ. The local date-time keeps the bytes the same
   * whatever the machine's time zone.
   */
  private static void stampEntries(byte[] zip, LocalDateTime at, OutputStream out)
      throws IOException {
    ZipOutputStream z = new ZipOutputStream(out);
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        ZipEntry copy = new ZipEntry(e.getName());
        copy.setTimeLocal(at);
        z.putNextEntry(copy);
        in.transferTo(z);
        z.closeEntry();
      }
    }
    z.finish();
  }

  /**
   * The heading row, or two rows when columns are grouped (the group heading merged over its
   * columns, an ungrouped heading merged over both rows); returns the index of the last one.
   */
  private static int headings(Sheet sheet, ReportTable t, CellStyle style) {
    List<ReportTable.Column> cols = t.columns();
    boolean grouped = t.grouped();
    Row top = sheet.createRow(HEADING_ROW);
    Row sub = grouped ? sheet.createRow(HEADING_ROW + 1) : null;
    for (int i = 0; i < cols.size(); i++) {
      ReportTable.Column col = cols.get(i);
      // CJK characters are two units wide in Excel's column-width measure
      sheet.setColumnWidth(i, (col.type() == ReportTable.Type.TEXT ? 18 : 11) * 256);
      Cell c = top.createCell(i);
      c.setCellStyle(style);
      if (!grouped) {
        c.setCellValue(col.title());
        continue;
      }
      Cell s = sub.createCell(i);
      s.setCellStyle(style);
      if (col.group() == null) {
        c.setCellValue(col.title());
        sheet.addMergedRegion(new CellRangeAddress(HEADING_ROW, HEADING_ROW + 1, i, i));
      } else {
        s.setCellValue(col.title());
        if (i == 0 || !col.group().equals(cols.get(i - 1).group())) {
          c.setCellValue(col.group());
          int span = ReportTable.groupSpan(cols, i);
          if (span > 1) {
            sheet.addMergedRegion(new CellRangeAddress(HEADING_ROW, HEADING_ROW, i, i + span - 1));
          }
        }
      }
    }
    return grouped ? HEADING_ROW + 1 : HEADING_ROW;
  }

  private static CellStyle bordered(Workbook wb) {
    CellStyle s = wb.createCellStyle();
    s.setBorderTop(BorderStyle.THIN);
    s.setBorderBottom(BorderStyle.THIN);
    s.setBorderLeft(BorderStyle.THIN);
    s.setBorderRight(BorderStyle.THIN);
    return s;
  }
}
