package io.meterwatch.console.report;

import io.meterwatch.core.report.ReportCsv;
import io.meterwatch.core.report.ReportHtml;
import io.meterwatch.core.report.ReportJson;
import io.meterwatch.core.report.ReportTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The formats of a report, each the bytes of one {@link ReportTable}: {@code meterwatch report}
 * writes them and the console serves them, so a download and the command give the same bytes.
 */
public enum ReportFormat {
  /** UTF-8 with a BOM, so that Excel opens Chinese text correctly. */
  CSV("text/csv; charset=utf-8", true),
  /** A workbook with frozen Chinese headings (Apache POI). */
  XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true),
  /** One printable page (A4 landscape). */
  HTML("text/html; charset=utf-8", false),
  /** For scripts. */
  JSON("application/json; charset=utf-8", false);

  private final String contentType;
  private final boolean attachment;

  ReportFormat(String contentType, boolean attachment) {
    this.contentType = contentType;
    this.attachment = attachment;
  }

  /** The HTTP content type. */
  public String contentType() {
    return contentType;
  }

  /** Whether a browser should save it rather than show it. */
  public boolean attachment() {
    return attachment;
  }

  /** The file extension, without the dot. */
  public String extension() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The format named {@code csv}, {@code xlsx}, {@code html} or {@code json} (any case).
   *
   * @throws IllegalArgumentException naming the accepted formats
   */
  public static ReportFormat of(String text) {
    for (ReportFormat f : values()) {
      if (f.extension().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return f;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not one of csv, xlsx, html, json");
  }

  /** The report in this format. */
  public byte[] bytes(ReportTable t) {
    return switch (this) {
      case CSV -> ReportCsv.bytes(t);
      case HTML -> ReportHtml.bytes(t);
      case JSON -> ReportJson.bytes(t);
      case XLSX -> {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try {
          ReportXlsx.write(t, b);
        } catch (IOException e) {
          // an in-memory stream does not fail; POI's own errors are unchecked
          throw new UncheckedIOException(e);
        }
        yield b.toByteArray();
      }
    };
  }
}
