package io.meterwatch.core.report;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One report as a table: the single model every format (CSV, XLSX, HTML, JSON) renders.
 *
 * @param name a short machine name, e.g. {@code disclosure-exceeding}
 * @param title the Chinese title
 * @param period what the report covers, e.g. "2025-Q1（2025-01-01 至 2025-03-31）"
 * @param generatedAt when it was made
 * @param zone the zone local times are shown in
 * @param columns the columns
 * @param rows the rows; each value is a String, a Long, a Double or {@code null}
 * @param notes lines printed under the table (definitions, sources)
 */
public record ReportTable(
    String name,
    String title,
    String period,
    Instant generatedAt,
    ZoneId zone,
    List<Column> columns,
    List<List<Object>> rows,
    List<String> notes) {

  /** How a column's values are typed and shown. */
  public enum Type {
    TEXT,
    /** whole numbers (Long) */
    INTEGER,
    /** decimals (Double), shown with two decimals */
    DECIMAL
  }

  /**
   * A column.
   *
   * @param key the JSON name
   * @param title the Chinese heading
   * @param type value type
   * @param group the heading of the group of adjacent columns it belongs to (e.g. the criterion
   *     能耗), or {@code null}
   */
  public record Column(String key, String title, Type type, String group) {
    public Column(String key, String title, Type type) {
      this(key, title, type, null);
    }

    /** The heading in one line: "group·title" (CSV, which has one heading line). */
    public String fullTitle() {
      return group == null ? title : group + "·" + title;
    }
  }

  /** Whether any column belongs to a group (then HTML and XLSX show two heading rows). */
  public boolean grouped() {
    return columns.stream().anyMatch(c -> c.group() != null);
  }

  public ReportTable {
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
    List<List<Object>> copy = new ArrayList<>();
    for (List<Object> r : rows) {
      if (r.size() != columns.size()) {
        throw new IllegalArgumentException(
            "row of " + r.size() + " values for " + columns.size() + " columns: " + r);
      }
      copy.add(java.util.Collections.unmodifiableList(new ArrayList<>(r)));
    }
    rows = List.copyOf(copy);
    notes = List.copyOf(notes);
  }

  /** How many adjacent columns from {@code from} share the group of column {@code from}. */
  public static int groupSpan(List<Column> columns, int from) {
    String g = columns.get(from).group();
    int end = from + 1;
    while (end < columns.size() && g != null && g.equals(columns.get(end).group())) {
      end++;
    }
    return end - from;
  }

  /** Column helpers for report builders. */
  static Column text(String key, String title) {
    return new Column(key, title, Type.TEXT);
  }

  static Column integer(String key, String title) {
    return new Column(key, title, Type.INTEGER);
  }

  static Column decimal(String key, String title) {
    return new Column(key, title, Type.DECIMAL);
  }
}
