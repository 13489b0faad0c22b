package io.meterwatch.core.report;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A report as CSV: UTF-8 with a byte-order mark (so that Excel reads the Chinese text as UTF-8),
 * the Chinese headings in the first line, one line per row, CRLF line ends (RFC 4180). Decimals are
 * written with two decimals, empty values as empty fields.
 */
public final class ReportCsv {
  /** The UTF-8 byte-order mark. */
  public static final String BOM = "\uFEFF";

  private ReportCsv() {}

  public static byte[] bytes(ReportTable t) {
    return text(t).getBytes(StandardCharsets.UTF_8);
  }

  /** The CSV text, starting with the BOM. */
  public static String text(ReportTable t) {
    StringBuilder out = new StringBuilder(BOM);
    line(out, t.columns().stream().map(ReportTable.Column::fullTitle).toList());
    for (List<Object> row : t.rows()) {
      java.util.List<String> cells = new java.util.ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        cells.add(format(t.columns().get(i), row.get(i)));
      }
      line(out, cells);
    }
    return out.toString();
  }

  /** A value as text, the way CSV and HTML show it. */
  static String format(ReportTable.Column c, Object v) {
    if (v == null) {
      return "";
    }
    if (c.type() == ReportTable.Type.DECIMAL && v instanceof Number n) {
      return String.format(Locale.ROOT, "%.2f", n.doubleValue());
    }
    return v.toString();
  }

  private static void line(StringBuilder out, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      String s = cells.get(i);
      if (s.indexOf(',') >= 0
          || s.indexOf('"') >= 0
          || s.indexOf('\n') >= 0
          || s.indexOf('\r') >= 0) {
        out.append('"').append(s.replace("\"", "\"\"")).append('"');
      } else {
        out.append(s);
      }
    }
    out.append("\r\n");
  }
}
