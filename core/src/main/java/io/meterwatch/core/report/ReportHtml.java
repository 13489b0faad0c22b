package io.meterwatch.core.report;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A report as one self-contained HTML page, printable on A4 (landscape, the header row repeated on
 * every page): Chinese title, the period and the time of generation above the table, the notes
 * under it.
 */
public final class ReportHtml {
  private static final DateTimeFormatter SECOND =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private static final String STYLE =
      """
      @page { size: A4 landscape; margin: 12mm; }
      body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "SimSun", sans-serif; font-size: 9pt; color: #000; }
      h1 { font-size: 14pt; text-align: center; margin: 0 0 4pt; }
      p.meta { text-align: center; margin: 0 0 8pt; }
      table { border-collapse: collapse; width: 100%; }
      thead { display: table-header-group; }
      tr { page-break-inside: avoid; }
      th, td { border: 0.5pt solid #000; padding: 2pt 3pt; vertical-align: top; }
      th { background: #eee; font-weight: bold; }
      td.n { text-align: right; white-space: nowrap; }
      tr.total td { font-weight: bold; }
      p.empty { text-align: center; }
      ul.notes { margin-top: 8pt; padding-left: 14pt; }
      """;

  private ReportHtml() {}

  public static byte[] bytes(ReportTable t) {
    return text(t).getBytes(StandardCharsets.UTF_8);
  }

  public static String text(ReportTable t) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(esc(t.title()))
        .append("</title>\n<style>\n")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n<h1>")
        .append(esc(t.title()))
        .append("</h1>\n<p class=\"meta\">统计期间：")
        .append(esc(t.period()))
        .append("　生成时间：")
        .append(esc(SECOND.format(t.generatedAt().atZone(t.zone()))))
        .append("（")
        .append(esc(t.zone().getId()))
        .append("）</p>\n<table>\n<thead>");
    headings(h, t);
    h.append("</thead>\n<tbody>\n");
    for (List<Object> row : t.rows()) {
      boolean total = "合计".equals(row.get(0));
      h.append(total ? "<tr class=\"total\">" : "<tr>");
      for (int i = 0; i < row.size(); i++) {
        ReportTable.Column c = t.columns().get(i);
        h.append(c.type() == ReportTable.Type.TEXT ? "<td>" : "<td class=\"n\">")
            .append(esc(ReportCsv.format(c, row.get(i))))
            .append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody>\n</table>\n");
    if (t.rows().isEmpty()) {
      h.append("<p class=\"empty\">本期无记录。</p>\n");
    }
    if (!t.notes().isEmpty()) {
      h.append("<ul class=\"notes\">\n");
      for (String n : t.notes()) {
        h.append("<li>").append(esc(n)).append("</li>\n");
      }
      h.append("</ul>\n");
    }
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  /** One heading row, or two when columns are grouped (group headings span their columns). */
  private static void headings(StringBuilder h, ReportTable t) {
    List<ReportTable.Column> cols = t.columns();
    if (!t.grouped()) {
      h.append("<tr>");
      for (ReportTable.Column c : cols) {
        h.append("<th>").append(esc(c.title())).append("</th>");
      }
      h.append("</tr>");
      return;
    }
    h.append("<tr>");
    for (int i = 0; i < cols.size(); ) {
      ReportTable.Column c = cols.get(i);
      if (c.group() == null) {
        h.append("<th rowspan=\"2\">").append(esc(c.title())).append("</th>");
        i++;
        continue;
      }
      int span = ReportTable.groupSpan(cols, i);
      h.append("<th colspan=\"").append(span).append("\">").append(esc(c.group())).append("</th>");
      i += span;
    }
    h.append("</tr>\n<tr>");
    for (ReportTable.Column c : cols) {
      if (c.group() != null) {
        h.append("<th>").append(esc(c.title())).append("</th>");
      }
    }
    h.append("</tr>");
  }

  static String esc(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
