package io.meterwatch.core.report;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where imported entries stand on a day: the latest entry per enterprise and criterion. */
final class EntryStatus {
  private EntryStatus() {}

  /** The latest entry of each enterprise and criterion dated on or before {@code day}. */
  static List<ReportEntry> latest(List<ReportEntry> entries, LocalDate day) {
    Map<String, ReportEntry> out = new LinkedHashMap<>();
    for (ReportEntry e : entries) {
      if (e.date().isAfter(day)) {
        continue;
      }
      String k = e.creditCode() + "|" + e.criterion();
      ReportEntry old = out.get(k);
      // entries of one day: the later line (or import) wins
      if (old == null || !e.date().isBefore(old.date())) {
        out.put(k, e);
      }
    }
    return List.copyOf(out.values());
  }
}
