package io.meterwatch.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A report as JSON for scripts: {@code name, title, period, generatedAt, zone, columns (key, title,
 * type), rows (objects keyed by column key), notes}. Numbers are JSON numbers, absent values null.
 */
public final class ReportJson {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private ReportJson() {}

  /** An imported entry as UTF-8 JSON (topic {@code report.entries}). */
  public static byte[] entryBytes(ReportEntry e) {
    try {
      return JSON.writeValueAsBytes(e);
    } catch (JsonProcessingException x) {
      throw new IllegalStateException("cannot write entry " + e, x);
    }
  }

  /**
   * Reads an entry written by {@link #entryBytes}.
   *
   * @throws IllegalArgumentException when it is not one
   */
  public static ReportEntry readEntry(byte[] json) {
    try {
      return JSON.readValue(json, ReportEntry.class);
    } catch (java.io.IOException | RuntimeException x) {
      throw new IllegalArgumentException("not a report entry: " + x.getMessage(), x);
    }
  }

  public static byte[] bytes(ReportTable t) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", t.name());
    out.put("title", t.title());
    out.put("period", t.period());
    out.put("generatedAt", t.generatedAt());
    out.put("zone", t.zone().getId());
    out.put("columns", t.columns());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (List<Object> r : t.rows()) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 0; i < r.size(); i++) {
        row.put(t.columns().get(i).key(), r.get(i));
      }
      rows.add(row);
    }
    out.put("rows", rows);
    out.put("notes", t.notes());
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write report " + t.name(), e);
    }
  }
}
