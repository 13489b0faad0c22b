package io.meterwatch.core.report;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the import CSV of quality, safety and technology entries: a heading line {@code
 * credit_code,criterion,status,date,note}, then one entry per line (UTF-8, BOM allowed, fields in
 * double quotes when they hold commas or quotes). Every bad line gives one error naming the line
 * and the first bad field; a file with any error imports nothing.
 */
public final class ReportEntryCsv {
  /** The heading the file must start with. */
  public static final List<String> HEADING =
      List.of("credit_code", "criterion", "status", "date", "note");

  private ReportEntryCsv() {}

  /**
   * What a file held.
   *
   * @param entries the entries, only when there are no errors
   * @param errors one message per bad line, e.g. "line 3, status: 'done' is not one of ..."
   */
  public record Result(List<ReportEntry> entries, List<String> errors) {
    public Result {
      entries = List.copyOf(entries);
      errors = List.copyOf(errors);
    }

    public boolean ok() {
      return errors.isEmpty();
    }
  }

  /** Parses a whole file; {@code knownCodes} are the registry's credit codes. */
  public static Result parse(String text, Set<String> knownCodes) {
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<String> lines = text.lines().toList();
    List<String> errors = new ArrayList<>();
    List<ReportEntry> entries = new ArrayList<>();
    if (lines.isEmpty()
        || !split(lines.get(0)).stream().map(String::trim).toList().equals(HEADING)) {
      return new Result(
          List.of(), List.of("line 1: the heading must be " + String.join(",", HEADING)));
    }
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String where = "line " + (i + 1);
      List<String> f;
      try {
        f = split(line);
      } catch (IllegalArgumentException e) {
        errors.add(where + ": " + e.getMessage());
        continue;
      }
      if (f.size() != HEADING.size()) {
        errors.add(where + ": " + f.size() + " fields, expected " + HEADING.size());
        continue;
      }
      String code = f.get(0).trim();
      if (code.isEmpty()) {
        errors.add(where + ", credit_code: empty");
        continue;
      }
      if (!knownCodes.contains(code)) {
        errors.add(where + ", credit_code: '" + code + "' is not an enterprise of the registry");
        continue;
      }
      Criterion criterion = null;
      for (Criterion c : Criterion.values()) {
        if (!c.metered() && c.label().equalsIgnoreCase(f.get(1).trim())) {
          criterion = c;
        }
      }
      if (criterion == null) {
        errors.add(
            where
                + ", criterion: '"
                + f.get(1).trim()
                + "' is not one of quality, safety, technology (meters judge energy and"
                + " environment)");
        continue;
      }
      ReportStatus status = ReportStatus.byLabel(f.get(2)).orElse(null);
      if (status == null) {
        errors.add(
            where
                + ", status: '"
                + f.get(2).trim()
                + "' is not one of "
                + Arrays.stream(ReportStatus.values())
                    .map(ReportStatus::label)
                    .collect(Collectors.joining(", ")));
        continue;
      }
      LocalDate date;
      try {
        date = LocalDate.parse(f.get(3).trim());
      } catch (DateTimeParseException e) {
        errors.add(where + ", date: '" + f.get(3).trim() + "' is not a date like 2025-03-31");
        continue;
      }
      entries.add(new ReportEntry(code, criterion, status, date, f.get(4).trim()));
    }
    return errors.isEmpty() ? new Result(entries, List.of()) : new Result(List.of(), errors);
  }

  /** Splits one CSV line (RFC 4180 quoting, no line breaks inside fields). */
  static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cur.append(c);
        }
      } else if (c == '"' && cur.isEmpty()) {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("a quoted field is not closed");
    }
    out.add(cur.toString());
    return out;
  }
}
